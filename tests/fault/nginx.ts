import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './app';

export const NGINX = '/usr/sbin/nginx';

export function nginxPresent(): boolean {
	return existsSync(NGINX);
}

/** deploy/nginx-proxy.conf: the same proxy settings production uses. */
export const PROXY_SNIPPET = path.join(ROOT, 'deploy', 'nginx-proxy.conf');

export interface Nginx {
	url: string;
	log(): string;
	stop(): Promise<void>;
}

/** The paths nginx writes to, all inside `dir` (never the system instance's). */
function ownPaths(dir: string): string {
	const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'];
	for (const t of temp) mkdirSync(path.join(dir, t), { recursive: true });
	return [
		`access_log ${path.join(dir, 'access.log')};`,
		...temp.map((t) => `${t}_temp_path ${path.join(dir, t)};`)
	].join('\n\t');
}

/**
 * The test variant of deploy/nginx.conf: plain http on loopback port `port`, an upstream of the
 * given app ports, and the production proxy snippet included as it is. One nginx process of the
 * test's own (no master, no daemon), with its pid file, logs and temp files in a temp folder.
 */
export async function startNginx(port: number, upstreams: number[]): Promise<Nginx> {
	const dir = mkdtempSync(path.join(tmpdir(), 'zc-nginx-'));
	const conf = path.join(dir, 'nginx.conf');
	writeFileSync(
		conf,
		`daemon off;
master_process off;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events {
	worker_connections 256;
}
http {
	${ownPaths(dir)}
	upstream zhicheng {
		least_conn;
${upstreams.map((p) => `\t\tserver 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n')}
		keepalive 8;
		# As deploy/nginx.conf: idle upstream connections dropped before the app's 5 s keep-alive.
		keepalive_timeout 4s;
	}
	server {
		listen 127.0.0.1:${port};
		server_name 127.0.0.1;
		include ${PROXY_SNIPPET};
	}
}
`
	);
	const test = spawnSync(NGINX, ['-t', '-p', dir, '-c', conf], { encoding: 'utf8' });
	if (test.status !== 0) throw new Error(`nginx -t failed:\n${test.stderr}`);
	const child = spawn(NGINX, ['-p', dir, '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
	let stderr = '';
	child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
	const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const url = `http://127.0.0.1:${port}`;
	const log = () => {
		const res = spawnSync('tail', ['-n', '30', path.join(dir, 'error.log')], { encoding: 'utf8' });
		return stderr + (res.stdout ?? '');
	};
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGQUIT');
			const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
			await gone;
			clearTimeout(timer);
		}
		rmSync(dir, { recursive: true, force: true });
	};
	for (let tries = 0; ; tries++) {
		const res = await fetch(`${url}/api/health`).catch(() => null);
		if (res?.ok) break;
		if (tries > 100 || child.exitCode !== null) {
			await stop();
			throw new Error(`nginx did not answer:\n${log()}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return { url, log, stop };
}

/**
 * `nginx -t` on deploy/nginx.conf as production installs it, with a throwaway self-signed
 * certificate and the snippet's real path in place of the machine's: the output, or null if valid.
 */
export function checkProductionConfig(source: string): string | null {
	const dir = mkdtempSync(path.join(tmpdir(), 'zc-nginx-t-'));
	try {
		const cert = path.join(dir, 'cert.pem');
		const key = path.join(dir, 'key.pem');
		const made = spawnSync(
			'openssl',
			[
				'req',
				'-x509',
				'-newkey',
				'ec',
				'-pkeyopt',
				'ec_paramgen_curve:P-256',
				'-nodes',
				'-subj',
				'/CN=zhicheng.example.cn',
				'-days',
				'1',
				'-keyout',
				key,
				'-out',
				cert
			],
			{ encoding: 'utf8' }
		);
		if (made.status !== 0) return `openssl failed: ${made.stderr}`;
		const site = source
			.replaceAll('/etc/letsencrypt/live/zhicheng.example.cn/fullchain.pem', cert)
			.replaceAll('/etc/letsencrypt/live/zhicheng.example.cn/privkey.pem', key)
			.replaceAll('/etc/nginx/snippets/zhicheng-proxy.conf', PROXY_SNIPPET);
		const conf = path.join(dir, 'nginx.conf');
		writeFileSync(
			conf,
			`pid ${path.join(dir, 'nginx.pid')};\nerror_log ${path.join(dir, 'error.log')};\n` +
				`events {}\nhttp {\n\t${ownPaths(dir)}\n${site}\n}\n`
		);
		const res = spawnSync(NGINX, ['-t', '-p', dir, '-c', conf], { encoding: 'utf8' });
		return res.status === 0 ? null : res.stderr;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
