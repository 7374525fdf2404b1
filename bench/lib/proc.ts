import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';

/** A port the kernel says is free on loopback right now. */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			srv.close(() => resolve(port));
		});
	});
}

const children = new Set<ChildProcess>();

function killAll(): void {
	for (const child of children) {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	}
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
	process.on(sig, () => {
		killAll();
		process.exit(130);
	});
}

/**
 * The machine's CPUs, read once at start: availableParallelism() follows this process's own
 * affinity, so read after a pin() it would give the pinned set and allCpus() could not undo it.
 */
const CPU_COUNT = os.availableParallelism();

/** True when child processes should be pinned to core 0 and autocannon to core 1. */
export function pinningEnabled(): boolean {
	if (process.env.BENCH_PIN === '0') return false;
	if (CPU_COUNT < 2) return false;
	return spawnSync('taskset', ['--version']).status === 0;
}

/** Pins a process (default: this one) to the given CPU list; returns false if that failed. */
export function pin(cpus: string, pid = process.pid): boolean {
	return spawnSync('taskset', ['-a', '-p', '-c', cpus, String(pid)]).status === 0;
}

export function allCpus(): string {
	return `0-${CPU_COUNT - 1}`;
}

export interface Started {
	child: ChildProcess;
	/** Last lines of the child's output, for error messages. */
	log: () => string;
	stop: () => Promise<void>;
}

/** `cmd args`, run on `cpus` only when given (through taskset). */
export function pinnedCommand(cmd: string, args: string[], cpus?: string): [string, string[]] {
	return cpus ? ['taskset', ['-c', cpus, cmd, ...args]] : [cmd, args];
}

/** Spawns a long-running child (optionally pinned to `cpus`) and keeps a tail of its output. */
export function startChild(
	cmd: string,
	args: string[],
	opts: { env: NodeJS.ProcessEnv; cwd?: string; cpus?: string }
): Started {
	const [file, argv] = pinnedCommand(cmd, args, opts.cpus);
	const child = spawn(file, argv, {
		env: opts.env,
		cwd: opts.cwd,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.add(child);
	let tail = '';
	const keep = (chunk: Buffer) => {
		tail = (tail + chunk.toString()).slice(-4000);
		if (process.env.BENCH_VERBOSE) process.stderr.write(chunk);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	return {
		child,
		log: () => tail,
		stop: async () => {
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
				await exited;
				clearTimeout(timer);
			}
			children.delete(child);
		}
	};
}

/** Polls `url` until it answers with a status below 500, or throws after `timeoutMs`. */
export async function waitForHttp(url: string, started: Started, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (started.child.exitCode !== null || started.child.signalCode !== null) {
			throw new Error(
				`server exited (${started.child.exitCode ?? started.child.signalCode}):\n${started.log()}`
			);
		}
		try {
			const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
			await res.arrayBuffer();
			if (res.status < 500) return;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${url}:\n${started.log()}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
}

let clockTicks: number | undefined;

/** CPU seconds (user + system) a process has used so far, from /proc; null where there is none. */
export function cpuSeconds(pid: number): number | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the command name (which may hold spaces) start at field 3; utime is 14, stime 15.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		clockTicks ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
		return (Number(fields[11]) + Number(fields[12])) / clockTicks;
	} catch {
		return null;
	}
}
