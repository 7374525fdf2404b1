import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A PostgreSQL cluster of the test's own (initdb + pg_ctl in a temp folder, on a free port), so
 * it can be stopped, killed and restarted without touching the machine's shared server.
 */
export interface Cluster {
	port: number;
	/** Superuser URL of database `db`. */
	url(db?: string): string;
	/** `pg_ctl start -w`; resolves when the server accepts connections (its time, performance.now()). */
	start(): Promise<number>;
	stop(mode: 'fast' | 'immediate'): Promise<void>;
	restart(mode: 'fast' | 'immediate'): Promise<number>;
	/** The server's log, for failure messages. */
	log(): string;
	destroy(): void;
}

/** The newest /usr/lib/postgresql/N/bin that has initdb and pg_ctl, or null. */
export function postgresBin(): string | null {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return null;
	const versions = readdirSync(root)
		.filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

const asRoot = process.getuid?.() === 0;

/** initdb refuses to run as root: as root, every server command runs as the postgres user. */
function command(bin: string, args: string[]): [string, string[]] {
	return asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

/** Asynchronous, so the test's clients keep sending while the server stops and starts. */
function run(bin: string, args: string[], timeoutMs = 60_000): Promise<string> {
	const [cmd, argv] = command(bin, args);
	return new Promise((resolve, reject) => {
		execFile(cmd, argv, { encoding: 'utf8', timeout: timeoutMs }, (error, stdout, stderr) => {
			if (error)
				reject(
					new Error(`${path.basename(bin)} ${args.join(' ')} failed: ${stderr}${stdout}`, {
						cause: error
					})
				);
			else resolve(stdout);
		});
	});
}

export async function startCluster(port: number): Promise<Cluster> {
	const bin = postgresBin();
	if (!bin) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
	const dir = mkdtempSync(path.join(tmpdir(), 'zc-pgfault-'));
	const data = path.join(dir, 'data');
	const logFile = path.join(dir, 'server.log');
	if (asRoot) {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
		chownSync(dir, uid, gid);
		chmodSync(dir, 0o700);
	}
	await run(path.join(bin, 'initdb'), [
		'-D',
		data,
		'-U',
		'postgres',
		'--auth=trust',
		'-E',
		'UTF8',
		'--no-sync'
	]);
	const pgCtl = path.join(bin, 'pg_ctl');
	const options = [
		`-p ${port}`,
		'-c listen_addresses=127.0.0.1',
		`-c unix_socket_directories=${dir}`,
		'-c max_connections=50',
		// Crash recovery after -m immediate stays short.
		'-c checkpoint_timeout=30s'
	].join(' ');

	const cluster: Cluster = {
		port,
		url: (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`,
		async start() {
			// -w returns once the server answers a connection (PQping), not merely listens.
			await run(pgCtl, ['start', '-w', '-t', '60', '-D', data, '-l', logFile, '-o', options]);
			return performance.now();
		},
		async stop(mode) {
			await run(pgCtl, ['stop', '-w', '-t', '60', '-m', mode, '-D', data]);
		},
		async restart(mode) {
			await cluster.stop(mode);
			return cluster.start();
		},
		log() {
			const res = spawnSync('tail', ['-n', '40', logFile], { encoding: 'utf8' });
			return res.stdout ?? '';
		},
		destroy() {
			const [cmd, argv] = command(pgCtl, ['stop', '-m', 'immediate', '-D', data]);
			spawnSync(cmd, argv, { timeout: 30_000 });
			rmSync(dir, { recursive: true, force: true });
		}
	};
	// A test runner that ends early must not leave a server running on a random port.
	process.once('exit', () => cluster.destroy());
	await cluster.start();
	return cluster;
}

export function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}
