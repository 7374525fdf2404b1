import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createSql } from './db/client';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded';
import { verifyPassword } from './auth/password';
import { devIdentityProblem, missingOriginProblem } from './start-settings.js';

const SETTINGS = ['DATABASE_URL', 'DATA_DIR', 'DEMO_DATA', 'NODE_ENV', 'ORIGIN'] as const;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A new, empty database (no tables): on TEST_DATABASE_URL's server, else an embedded one. */
async function emptyDatabaseUrl(): Promise<string> {
	const server = process.env.TEST_DATABASE_URL;
	if (server) {
		const name = `zc_start_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
		const admin = createSql(server, 1);
		await admin.unsafe(`create database ${name}`);
		cleanups.push(async () => {
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		});
		const url = new URL(server);
		url.pathname = `/${name}`;
		return url.toString();
	}
	const embedded: EmbeddedDatabase = await startEmbeddedDatabase(null);
	cleanups.push(() => embedded.stop());
	return embedded.url;
}

/**
 * What `npm start` does to the database (src/server/start.ts) under these settings, in a fresh
 * module graph so the configuration is read from them; answers the accounts it left.
 */
async function startWith(env: Partial<Record<(typeof SETTINGS)[number], string>>) {
	const saved = Object.fromEntries(SETTINGS.map((k) => [k, process.env[k]]));
	for (const key of SETTINGS) delete process.env[key];
	Object.assign(process.env, env);
	vi.resetModules();
	try {
		const { prepareDatabase } = await import('./start');
		const conn = await prepareDatabase();
		try {
			const rows = await conn.sql<{ account: string | null; mobile: string | null }[]>`
				select account, mobile from users`;
			const { createFirstAdmin } = await import('./seed/create-admin');
			return { rows, admin: await createFirstAdmin(conn.sql) };
		} finally {
			await conn.close();
		}
	} finally {
		for (const key of SETTINGS) {
			if (saved[key] === undefined) delete process.env[key];
			else process.env[key] = saved[key];
		}
	}
}

describe('npm start on an empty database', () => {
	it('creates no demo account on a real database (DATABASE_URL); create-admin makes the first administrator', async () => {
		const url = await emptyDatabaseUrl();
		const { rows, admin } = await startWith({ DATABASE_URL: url });
		expect(rows).toEqual([]);
		if (admin.status !== 'created') throw new Error(JSON.stringify(admin));
		expect(admin.account).toBe('admin');
		expect(admin.password).toMatch(/^[A-Za-z2-9]{20}$/);
		// Only its hash is kept: the password exists nowhere but in what was shown.
		const sql = createSql(url, 1);
		try {
			const [row] = await sql<{ passwordHash: string }[]>`
				select password_hash from users where account = 'admin'`;
			expect(row!.passwordHash).not.toContain(admin.password);
			expect(await verifyPassword(row!.passwordHash, admin.password)).toBe(true);
			const [role] = await sql`select 1 from user_roles r join users u on u.id = r.user_id
				where u.account = 'admin' and r.role = 'admin'`;
			expect(role).toBeDefined();
		} finally {
			await sql.end();
		}
	}, 120_000);

	it('creates the demo accounts there only with DEMO_DATA=1; then create-admin refuses', async () => {
		const { rows, admin } = await startWith({
			DATABASE_URL: await emptyDatabaseUrl(),
			DEMO_DATA: '1'
		});
		expect(rows.map((r) => r.account)).toContain('admin');
		expect(admin).toEqual({ status: 'refused', reason: 'admin_exists' });
	}, 120_000);

	it('creates the demo accounts (the README table) on the embedded database', async () => {
		const dataDir = mkdtempSync(path.join(tmpdir(), 'zc-start-'));
		cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
		const { rows } = await startWith({ DATA_DIR: dataDir });
		const logins = rows.flatMap((r) => [r.account, r.mobile]);
		for (const login of ['13800000001', '13800000002', 'unit01', 'dept01', 'hr01']) {
			expect(logins).toContain(login);
		}
		expect(logins).toContain('committee01');
		expect(logins).toContain('admin');
	}, 180_000);
});

const SERVICES = {
	SMS_HTTP_URL: 'https://sms.example.cn/send',
	IDENTITY_REGISTRY_URL: 'https://id.example.cn/verify'
};

describe('a production start on a real database needs ORIGIN', () => {
	it('names the problem only for NODE_ENV=production with DATABASE_URL and no ORIGIN', () => {
		const db = 'postgres://db/zc';
		expect(missingOriginProblem({ NODE_ENV: 'production', DATABASE_URL: db })).toMatch(/ORIGIN/);
		expect(
			missingOriginProblem({ NODE_ENV: 'production', DATABASE_URL: db, ORIGIN: 'https://x' })
		).toBeNull();
		expect(missingOriginProblem({ NODE_ENV: 'production' })).toBeNull();
		expect(missingOriginProblem({ DATABASE_URL: db })).toBeNull();
	});

	const preload = (env: Record<string, string>) =>
		spawnSync(
			process.execPath,
			['--import', './src/server/runtime-env.js', '-e', 'console.log(process.env.ORIGIN)'],
			{ env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' }
		);

	it('`npm start` (its preload) stops with the reason; without DATABASE_URL it fills ORIGIN', () => {
		const stopped = preload({ DATABASE_URL: 'postgres://db/zc' });
		expect(stopped.status).toBe(1);
		expect(stopped.stderr).toContain('未设置 ORIGIN');
		expect(stopped.stderr).toContain('ORIGIN is not set');
		expect(stopped.stdout).toBe('');
		const given = preload({
			DATABASE_URL: 'postgres://db/zc',
			ORIGIN: 'https://zc.example.cn',
			...SERVICES
		});
		expect(given.stdout.trim()).toBe('https://zc.example.cn');
		const embedded = preload({ PORT: '4999' });
		expect(embedded.status).toBe(0);
		expect(embedded.stdout.trim()).toBe('http://localhost:4999');
	});
});

describe('a production start on a real database needs the real SMS and identity services', () => {
	const deployment = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/zc' };

	it('names each missing service, unless a test deployment asks for the development ones', () => {
		expect(devIdentityProblem(deployment)).toMatch(
			/SMS_HTTP_URL and IDENTITY_REGISTRY_URL not set/
		);
		expect(devIdentityProblem(deployment)).toContain('未设置 SMS_HTTP_URL、IDENTITY_REGISTRY_URL');
		const smsOnly = devIdentityProblem({ ...deployment, SMS_HTTP_URL: SERVICES.SMS_HTTP_URL });
		expect(smsOnly).toMatch(/^未设置 IDENTITY_REGISTRY_URL：/);
		expect(devIdentityProblem({ ...deployment, ...SERVICES })).toBeNull();
		expect(devIdentityProblem({ ...deployment, ALLOW_DEV_IDENTITY: '1' })).toBeNull();
		expect(devIdentityProblem({ ...deployment, ALLOW_DEV_IDENTITY: 'true' })).not.toBeNull();
		expect(devIdentityProblem({ NODE_ENV: 'production' })).toBeNull();
		expect(devIdentityProblem({ DATABASE_URL: deployment.DATABASE_URL })).toBeNull();
	});

	it('`npm start` (its preload) stops with the reason', () => {
		const env = { DATABASE_URL: deployment.DATABASE_URL, ORIGIN: 'https://zc.example.cn' };
		const stopped = spawnSync(
			process.execPath,
			['--import', './src/server/runtime-env.js', '-e', ''],
			{
				env: { PATH: process.env.PATH ?? '', ...env },
				encoding: 'utf8'
			}
		);
		expect(stopped.status).toBe(1);
		expect(stopped.stderr).toContain('ALLOW_DEV_IDENTITY=1');
		expect(stopped.stderr).toContain('anyone could register as anyone');
	});
});
