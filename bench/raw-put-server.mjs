// Baseline for the upload benchmark: a bare node:http server that streams each PUT body to a file
// in OUT_DIR and answers with the number of bytes written once the file is closed. With
// HASH_SHA256=1 it also computes the SHA-256 of the bytes as they stream (the work the app's
// upload must do) and sends it in `x-sha256`: the like-for-like baseline. For the
// browser side it also serves an empty page (so the page's PUTs are same-origin, like the app's)
// and the benchmark's files from SRC_DIR. With TUS=1 it also serves tus at /files with @tus/server
// and its FileStore in OUT_DIR and nothing of the app (no session, no checks, no hashing): what
// the tus library itself costs on this machine. Started as a child process by bench/suites/upload.ts.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const HASHING = process.env.HASH_SHA256 === '1';
const tus =
	process.env.TUS === '1'
		? new (await import('@tus/server')).Server({
				path: '/files',
				datastore: new (await import('@tus/file-store')).FileStore({
					directory: process.env.OUT_DIR
				})
			})
		: null;
let n = 0;
const server = createServer((req, res) => {
	if (req.method === 'GET' && req.url === '/') {
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		res.end('<!doctype html><title>raw PUT</title>');
		return;
	}
	if (tus && req.url?.startsWith('/files')) {
		void tus.handle(req, res);
		return;
	}
	const file = /^\/bytes\/([a-z0-9-]+\.pdf)$/.exec(req.url ?? '')?.[1];
	if (req.method === 'GET' && file) {
		res.writeHead(200, { 'content-type': 'application/pdf' });
		createReadStream(path.join(process.env.SRC_DIR, file)).pipe(res);
		return;
	}
	if (req.method !== 'PUT') {
		req.resume();
		res.writeHead(req.method === 'GET' ? 200 : 405).end();
		return;
	}
	const out = createWriteStream(path.join(process.env.OUT_DIR, `put-${n++}.bin`));
	const hash = HASHING ? createHash('sha256') : null;
	if (hash) req.on('data', (chunk) => hash.update(chunk));
	pipeline(req, out).then(
		() => {
			const body = String(out.bytesWritten);
			const sha = hash ? { 'x-sha256': hash.digest('hex') } : {};
			res.writeHead(201, { 'content-type': 'text/plain', 'content-length': body.length, ...sha });
			res.end(body);
		},
		(err) => {
			res.writeHead(500).end(String(err));
		}
	);
});

server.listen(Number(process.env.PORT), '127.0.0.1', () => {
	console.log(`raw PUT server listening on ${process.env.PORT}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
