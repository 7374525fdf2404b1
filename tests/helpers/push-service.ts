import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface PushRequest {
	path: string;
	headers: Record<string, unknown>;
	body: Buffer;
}

export interface PushService {
	/** Subscription endpoints start with it (`https://127.0.0.1:PORT/push/`). */
	url: string;
	/** Every request, in order. */
	received: PushRequest[];
	/** The status it answers from now on (201 at first). */
	answer: number;
	close(): Promise<void>;
}

/**
 * A Web Push service on loopback over TLS (a self-signed P-256 certificate made with openssl):
 * the one true outside boundary, since real push services are not reachable here. Clients need
 * an agent with `rejectUnauthorized: false`.
 */
export async function startPushService(): Promise<PushService> {
	const dir = mkdtempSync(path.join(tmpdir(), 'zc-push-'));
	const key = path.join(dir, 'key.pem');
	const cert = path.join(dir, 'cert.pem');
	execFileSync(
		'openssl',
		['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'].concat([
			'-keyout',
			key,
			'-out',
			cert,
			'-days',
			'1',
			'-subj',
			'/CN=localhost'
		]),
		{ stdio: 'ignore' }
	);
	const service = { received: [] as PushRequest[], answer: 201 };
	const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			service.received.push({
				path: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks)
			});
			res.writeHead(service.answer).end();
		});
	});
	rmSync(dir, { recursive: true, force: true });
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return Object.assign(service, {
		url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/push/`,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	});
}
