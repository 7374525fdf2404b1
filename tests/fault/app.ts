import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BUILD_DIR = path.join(ROOT, 'build');

export function buildPresent(): boolean {
	return existsSync(path.join(BUILD_DIR, 'handler.js'));
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			srv.close(() => resolve(port));
		});
	});
}

export interface AppProcess {
	url: string;
	child: ChildProcess;
	pid: number;
	/** Why the process is gone (code or signal), or null while it runs. */
	exited(): string | null;
	/** The process's last output. */
	log(): string;
	stop(): Promise<void>;
}

/**
 * `node build` on a free port, from a private copy of build/ (kept under bench/.out, which git
 * ignores, so that node_modules still resolves and a rebuild meanwhile cannot change it).
 */
const smsLogs = new Map<string, string>();

/** The file where the app at `url` logs its development SMS codes (SMS_DEV_LOG). */
export function smsLogOf(url: string): string | undefined {
	return smsLogs.get(url);
}

export async function startBuiltApp(env: NodeJS.ProcessEnv, cpus?: string): Promise<AppProcess> {
	const outDir = path.join(ROOT, 'bench', '.out');
	mkdirSync(outDir, { recursive: true });
	const buildCopy = mkdtempSync(path.join(outDir, 'fault-build-'));
	cpSync(BUILD_DIR, buildCopy, { recursive: true });
	// A PORT and DATA_DIR given start the app again where a killed one ran (its files kept).
	const ownDataDir = !env.DATA_DIR;
	const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'zc-fault-data-'));
	const port = env.PORT ? Number(env.PORT) : await freePort();
	const url = `http://127.0.0.1:${port}`;
	const args = ['--import', './src/server/runtime-env.js', path.relative(ROOT, buildCopy)];
	const [cmd, argv] = cpus
		? ['taskset', ['-c', cpus, process.execPath, ...args]]
		: [process.execPath, args];
	const child = spawn(cmd, argv, {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			...process.env,
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: url,
			DATA_DIR: dataDir,
			NODE_ENV: 'production',
			DEMO_DATA: '0',
			// The savers register through the SMS code (read from this file), each from an address
			// of its own, and save back to back (no per-person action limit in the way).
			SMS_DEV_LOG: path.join(dataDir, 'sms.log'),
			ADDRESS_HEADER: 'x-forwarded-for',
			USER_ACTIONS_PER_MINUTE: '1000000',
			// The development SMS sender and identity registry, on purpose (a test deployment).
			ALLOW_DEV_IDENTITY: '1',
			...env
		}
	});
	let tail = '';
	const keep = (chunk: Buffer) => {
		tail = (tail + chunk.toString()).slice(-8000);
		if (process.env.FAULT_VERBOSE) process.stderr.write(chunk);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	smsLogs.set(url, path.join(dataDir, 'sms.log'));
	const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const exited = () =>
		child.exitCode === null && child.signalCode === null
			? null
			: `exit ${child.exitCode ?? child.signalCode}`;
	const app: AppProcess = {
		url,
		child,
		pid: child.pid ?? -1,
		exited,
		log: () => tail,
		async stop() {
			if (!exited()) {
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
				await gone;
				clearTimeout(timer);
			}
			rmSync(buildCopy, { recursive: true, force: true });
			if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
		}
	};
	const deadline = Date.now() + 120_000;
	for (;;) {
		if (exited()) throw new Error(`the app exited at start (${exited()}):\n${tail}`);
		const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) }).catch(
			() => null
		);
		if (res?.ok) break;
		if (Date.now() > deadline) {
			await app.stop();
			throw new Error(`the app did not become ready in 120 s:\n${tail}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	return app;
}
