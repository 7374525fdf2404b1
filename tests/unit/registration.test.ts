import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../src/server/trpc/routers/_app';
import { seedDemoAccounts } from '../../src/server/seed/demo';
import { devSmsSender, setSmsSender } from '../../src/server/identity/sms';
import {
	httpIdentityRegistry,
	setIdentityRegistry,
	TEST_IDENTITY_NAME
} from '../../src/server/identity/registry';
import { createSession, validateSessionToken } from '../../src/server/auth/session';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { anonymousContext, contextFor, userIdBy } from '../helpers/context';

let db: TestDatabase;
let dir: string;
let smsLog: string;
beforeAll(async () => {
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql);
	// The development SMS provider, writing to a log file only this test reads.
	dir = mkdtempSync(path.join(tmpdir(), 'zc-sms-'));
	smsLog = path.join(dir, 'sms.log');
	writeFileSync(smsLog, '');
	setSmsSender(devSmsSender(smsLog));
});
afterEach(() => setIdentityRegistry(null));
afterAll(async () => {
	setSmsSender(null);
	rmSync(dir, { recursive: true, force: true });
	await db.close();
});

const valid = {
	name: '陈静',
	idNumber: '321283199501010046',
	mobile: '13912345678',
	password: 'Secret#2026'
};

/** The last code the development provider logged for this mobile. */
function lastCode(mobile: string, purpose: 'register' | 'reset' = 'register'): string {
	const lines = readFileSync(smsLog, 'utf8').trim().split('\n');
	const line = lines.reverse().find((l) => l.includes(` ${purpose} ${mobile} `));
	if (!line) throw new Error(`no code for ${mobile}`);
	return line.split(' ').at(-1)!;
}

/** A caller from one client address (each test its own, so limits of one do not touch another). */
let addressNo = 0;
function visitor(locale: 'zh-CN' | 'en' = 'zh-CN') {
	addressNo += 1;
	const address = `10.9.${addressNo}.1`;
	const event = {
		request: new Request('http://localhost/api/trpc'),
		url: new URL('http://localhost/api/trpc'),
		getClientAddress: () => address,
		cookies: { set() {}, delete() {}, get: () => undefined }
	};
	return createCaller({ ...anonymousContext(db.sql, locale), event } as never);
}

async function codeFor(
	caller: ReturnType<typeof visitor>,
	mobile: string,
	purpose: 'register' | 'reset' = 'register'
) {
	const answer = await caller.auth.sendCode({ mobile, purpose });
	expect(answer).toEqual({ sent: true });
	return lastCode(mobile, purpose);
}

async function userCount() {
	const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from users`;
	return row!.n;
}

/** The error as the HTTP client receives it (the formatter's shape). */
async function refusal(promise: Promise<unknown>, locale: 'zh-CN' | 'en' = 'zh-CN') {
	try {
		await promise;
	} catch (error) {
		if (!(error instanceof TRPCError)) throw error;
		const { appRouter } = await import('../../src/server/trpc/routers/_app');
		const shape = appRouter._def._config.errorFormatter({
			error,
			type: 'mutation',
			path: 'auth.register',
			input: undefined,
			ctx: anonymousContext(db.sql, locale),
			shape: {
				message: error.message,
				code: -32600,
				data: { code: error.code, httpStatus: getHTTPStatusCodeFromError(error) }
			}
		}) as {
			message: string;
			data: { httpStatus: number; fieldErrors: Record<string, string> | null };
		};
		return shape;
	}
	throw new Error('expected a refusal');
}

describe('registration', () => {
	it('refuses a wrong ID check digit with a clear message and creates nothing', async () => {
		const before = await userCount();
		const error = await refusal(
			visitor().auth.register({ ...valid, idNumber: '321283199501010047', code: '123456' })
		);
		expect(error.data.fieldErrors).toEqual({ idNumber: '居民身份证号码校验位不正确，请核对' });
		expect(await userCount()).toBe(before);
	});

	it('names each bad field, in English when switched', async () => {
		const error = await refusal(
			visitor('en').auth.register({
				name: 'x',
				idNumber: '32010219900230002X',
				mobile: '12345',
				password: 'short',
				code: '12a'
			}),
			'en'
		);
		expect(error.message).toBe('Please correct the highlighted fields');
		expect(error.data.fieldErrors).toEqual({
			name: 'Real name must be 2–30 Chinese characters or letters',
			idNumber: 'The birth date in the ID number does not exist',
			mobile: 'The mobile number must be 11 digits starting with 1',
			password: 'The password must be 8–64 characters',
			code: 'The verification code is 6 digits'
		});
	});

	it('sends the code to the log only: the answer holds no code', async () => {
		const caller = visitor();
		const answer = await caller.auth.sendCode({ mobile: '13912340000', purpose: 'register' });
		expect(JSON.stringify(answer)).not.toMatch(/\d{6}/);
		expect(lastCode('13912340000')).toMatch(/^\d{6}$/);
		const [row] = await db.sql<{ ttl: number }[]>`
			select extract(epoch from expires_at - created_at)::int as ttl from sms_codes
			where mobile = '13912340000' order by id desc limit 1`;
		expect(row!.ttl).toBe(300);
	});

	it('registers with the SMS code, verified, then signs in with the ID number', async () => {
		const caller = visitor();
		const code = await codeFor(caller, valid.mobile);
		const { userId } = await caller.auth.register({ ...valid, code });
		const [row] = await db.sql<{ idNumber: string; passwordHash: string; verified: boolean }[]>`
			select id_number, password_hash, identity_verified_at is not null as verified
			from users where id = ${userId}`;
		expect(row?.idNumber).toBe(valid.idNumber);
		expect(row?.verified).toBe(true);
		expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(
			await visitor().auth.login({ identifier: valid.idNumber, password: valid.password })
		).toEqual({ kind: 'applicant' });
		// The code is used up.
		expect((await refusal(caller.auth.register({ ...valid, code }))).message).toBe(
			'验证码已失效（超过5分钟或输错5次），请重新获取'
		);
	});

	it('refuses a second registration of one ID number, even with a proven mobile', async () => {
		const caller = visitor();
		const before = await userCount();
		const code = await codeFor(caller, '13912345679');
		const error = await refusal(caller.auth.register({ ...valid, mobile: '13912345679', code }));
		expect(error.message).toBe('该身份证号码或手机号码已注册，请直接登录');
		expect(error.data.httpStatus).toBe(409);
		expect(await userCount()).toBe(before);
		const [owner] = await db.sql<{ mobile: string }[]>`
			select mobile from users where id_number = ${valid.idNumber}`;
		expect(owner?.mobile).toBe(valid.mobile);
	});

	it('two registrations of one ID number at once create one account', async () => {
		const id = '320102190001010028';
		const a = visitor();
		const b = visitor();
		const codeA = await codeFor(a, '13912300001');
		const codeB = await codeFor(b, '13912300002');
		const results = await Promise.allSettled([
			a.auth.register({
				name: TEST_IDENTITY_NAME,
				idNumber: id,
				mobile: '13912300001',
				password: valid.password,
				code: codeA
			}),
			b.auth.register({
				name: TEST_IDENTITY_NAME,
				idNumber: id,
				mobile: '13912300002',
				password: valid.password,
				code: codeB
			})
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const refused = results.find((r) => r.status === 'rejected');
		expect((refused as PromiseRejectedResult).reason.message).toBe(
			'该身份证号码或手机号码已注册，请直接登录'
		);
		const [row] = await db.sql<
			{ n: number }[]
		>`select count(*)::int as n from users where id_number = ${id}`;
		expect(row!.n).toBe(1);
	});

	it('says "taken" only after the code proves the mobile', async () => {
		const caller = visitor();
		await codeFor(caller, '13912345670');
		// 王芳's ID number is registered (the demo accounts).
		const error = await refusal(
			caller.auth.register({
				...valid,
				name: '王芳',
				idNumber: '320102199003070025',
				mobile: '13912345670',
				code: '000000' === lastCode('13912345670') ? '000001' : '000000'
			})
		);
		expect(error.message).toBe('验证码不正确，请重新输入');
	});

	it('refuses a wrong code, and after five wrong tries the right one too', async () => {
		const caller = visitor();
		const mobile = '13912345671';
		const person = {
			name: '测试甲',
			idNumber: '320102198001010016',
			mobile,
			password: valid.password
		};
		const code = await codeFor(caller, mobile);
		const wrong = code === '999999' ? '999998' : '999999';
		const before = await userCount();
		for (let i = 0; i < 5; i++) {
			const error = await refusal(caller.auth.register({ ...person, code: wrong }));
			expect(error.message).toBe('验证码不正确，请重新输入');
		}
		const error = await refusal(caller.auth.register({ ...person, code }));
		expect(error.message).toBe('验证码已失效（超过5分钟或输错5次），请重新获取');
		expect(await userCount()).toBe(before);
	});

	it('refuses an expired code (after 5 minutes) and creates nothing', async () => {
		const caller = visitor();
		const mobile = '13912345672';
		const code = await codeFor(caller, mobile);
		// Five minutes pass.
		await db.sql`update sms_codes set expires_at = now() - interval '1 second',
			created_at = now() - interval '301 seconds' where mobile = ${mobile}`;
		const before = await userCount();
		const error = await refusal(
			caller.auth.register({
				name: '测试乙',
				idNumber: '320102198502020028',
				mobile,
				password: valid.password,
				code
			})
		);
		expect(error.message).toBe('验证码已失效（超过5分钟或输错5次），请重新获取');
		expect(await userCount()).toBe(before);
	});

	it('checks name and ID number with the identity registry; the code stays valid for a retry', async () => {
		const caller = visitor();
		const mobile = '13912345673';
		const person = {
			name: '测试乙',
			idNumber: '320102198502020028',
			mobile,
			password: valid.password
		};
		const code = await codeFor(caller, mobile);
		const before = await userCount();
		const error = await refusal(caller.auth.register({ ...person, name: '测试丙', code }));
		expect(error.message).toBe('姓名与身份证号码不一致，实名核验未通过，请核对');
		expect(await userCount()).toBe(before);
		expect((await caller.auth.register({ ...person, code })).userId).toBeTruthy();
	});

	it('each name refused by the registry spends one of the code’s five tries', async () => {
		const caller = visitor();
		const mobile = '13912345675';
		const person = {
			name: '测试用户',
			idNumber: '320102190001010060',
			mobile,
			password: valid.password
		};
		const code = await codeFor(caller, mobile);
		for (const name of ['张一', '张二', '张三', '张四', '张五']) {
			const error = await refusal(caller.auth.register({ ...person, name, code }));
			expect(error.message).toBe('姓名与身份证号码不一致，实名核验未通过，请核对');
		}
		const error = await refusal(caller.auth.register({ ...person, code }));
		expect(error.message).toBe('验证码已失效（超过5分钟或输错5次），请重新获取');
	});

	it('creates nothing when the identity registry cannot be reached, and says so', async () => {
		const caller = visitor('en');
		const mobile = '13912345674';
		const code = await codeFor(caller, mobile);
		// A registry address where nothing listens (a port just freed).
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		setIdentityRegistry(() => httpIdentityRegistry(`http://127.0.0.1:${port}/verify`, null));
		const before = await userCount();
		const error = await refusal(
			caller.auth.register({
				name: TEST_IDENTITY_NAME,
				idNumber: '320102190001010036',
				mobile,
				password: valid.password,
				code
			}),
			'en'
		);
		expect(error.message).toBe(
			'The real-name verification service cannot be reached; no account was created. Please try again later'
		);
		expect(error.data.httpStatus).toBe(502);
		expect(await userCount()).toBe(before);
	});

	it('gives one generic message for any failed login', async () => {
		const caller = visitor();
		const unknown = await refusal(caller.auth.login({ identifier: '13700000000', password: 'x' }));
		const wrong = await refusal(caller.auth.login({ identifier: '13800000001', password: 'x' }));
		expect(unknown.message).toBe('账号或密码错误');
		expect(wrong.message).toBe(unknown.message);
	});
});

describe('the HTTP identity registry', () => {
	let server: Server;
	let url: string;
	beforeAll(async () => {
		server = createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', () => {
				const { name, idNumber } = JSON.parse(body) as { name: string; idNumber: string };
				if (req.headers.authorization !== 'Bearer t0ken') return res.writeHead(401).end();
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ match: name === '周末' && idNumber === '320102198001010016' }));
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/verify`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it('asks the configured service and takes its answer', async () => {
		const registry = httpIdentityRegistry(url, 't0ken');
		expect(await registry.check('周末', '320102198001010016')).toBe('match');
		expect(await registry.check('测试甲', '320102198001010016')).toBe('mismatch');
		await expect(
			httpIdentityRegistry(url, 'wrong').check('周末', '320102198001010016')
		).rejects.toThrow('identity registry unavailable');
	});
});

describe('自动获取 needs a verified identity', () => {
	it('returns nothing for an account whose identity was never verified', async () => {
		// An account from before verification existed, holding an ID number the registry knows.
		await db.sql`insert into users (kind, name, id_number, mobile, password_hash)
			values ('applicant', '赵敏', '320707198705210010', '13912399999', 'x')`;
		const id = await userIdBy(db.sql, '13912399999');
		await db.sql`insert into user_roles (user_id, role) values (${id}, 'applicant')`;
		const caller = createCaller(await contextFor(db.sql, id));
		expect(await caller.education.lookup()).toEqual({ found: false, records: [] });
		await db.sql`update users set identity_verified_at = now() where id = ${id}`;
		expect((await caller.education.lookup()).found).toBe(true);
	});

	it('returns nothing where the registry gives another name for the ID number', async () => {
		const id = await userIdBy(db.sql, '13912399999');
		await db.sql`update users set name = '赵明' where id = ${id}`;
		const caller = createCaller(await contextFor(db.sql, id));
		expect(await caller.education.lookup()).toEqual({ found: false, records: [] });
		await db.sql`update users set name = '赵敏' where id = ${id}`;
	});
});

describe('自动获取 when the identity registry is down', () => {
	it('answers a clear refusal, not an internal error', async () => {
		setIdentityRegistry(() => httpIdentityRegistry('http://127.0.0.1:1/verify', null));
		const caller = createCaller(await contextFor(db.sql, await userIdBy(db.sql, '13800000001')));
		const error = await refusal(caller.education.lookup());
		expect(error.data.httpStatus).toBe(502);
		expect(error.message).toBe(
			'学历学位信息自动获取失败，请点击“添加”手动填写并上传学历、学位材料'
		);
	});
});

describe('忘记密码', () => {
	it('sets a new password with the SMS code and ends every session of the account', async () => {
		const mobile = '13800000002';
		const userId = await userIdBy(db.sql, mobile);
		const user = { id: userId, kind: 'applicant' as const };
		const phone = await createSession(db.sql, user);
		const laptop = await createSession(db.sql, user);
		const caller = visitor();
		const code = await codeFor(caller, mobile, 'reset');
		expect(await caller.auth.resetPassword({ mobile, code, password: 'NewSecret#1' })).toEqual({
			reset: true
		});
		expect(await validateSessionToken(db.sql, phone.token)).toBeNull();
		expect(await validateSessionToken(db.sql, laptop.token)).toBeNull();
		expect(
			await refusal(visitor().auth.login({ identifier: mobile, password: 'Zhicheng#2026' }))
		).toMatchObject({
			message: '账号或密码错误'
		});
		expect(await visitor().auth.login({ identifier: mobile, password: 'NewSecret#1' })).toEqual({
			kind: 'applicant'
		});
	});

	it('refuses a wrong code and changes nothing', async () => {
		const mobile = '13800000001';
		const [before] = await db.sql<{ passwordHash: string }[]>`
			select password_hash from users where mobile = ${mobile}`;
		const caller = visitor();
		const code = await codeFor(caller, mobile, 'reset');
		const error = await refusal(
			caller.auth.resetPassword({
				mobile,
				code: code === '111111' ? '111112' : '111111',
				password: 'NewSecret#1'
			})
		);
		expect(error.message).toBe('验证码不正确，请重新输入');
		const [after] = await db.sql<{ passwordHash: string }[]>`
			select password_hash from users where mobile = ${mobile}`;
		expect(after!.passwordHash).toBe(before!.passwordHash);
	});

	it('a code for registration does not reset a password', async () => {
		const mobile = '13912345677';
		const caller = visitor();
		const code = await codeFor(caller, mobile, 'register');
		const error = await refusal(
			caller.auth.resetPassword({ mobile, code, password: 'NewSecret#1' })
		);
		expect(error.message).toBe('验证码已失效（超过5分钟或输错5次），请重新获取');
	});
});

describe('password change and 退出所有设备', () => {
	it('a new password keeps this session and ends every other one', async () => {
		const userId = await userIdBy(db.sql, 'unit01');
		const other = await createSession(db.sql, { id: userId, kind: 'staff' });
		const ctx = await contextFor(db.sql, userId);
		const caller = createCaller(ctx);
		const wrong = await refusal(
			caller.auth.changePassword({ current: 'nope', password: 'Another#2026' })
		);
		expect(wrong.message).toBe('当前密码不正确');
		expect(await validateSessionToken(db.sql, other.token)).not.toBeNull();
		await caller.auth.changePassword({ current: 'Zhicheng#2026', password: 'Another#2026' });
		expect(await validateSessionToken(db.sql, other.token)).toBeNull();
		const [own] = await db.sql`select 1 from sessions where id = ${ctx.session!.id}`;
		expect(own).toBeDefined();
	});

	it('退出所有设备 ends every session of the person and no one else’s', async () => {
		const wang = await userIdBy(db.sql, '13800000001');
		const li = await userIdBy(db.sql, '13800000002');
		const phone = await createSession(db.sql, { id: wang, kind: 'applicant' });
		const liSession = await createSession(db.sql, { id: li, kind: 'applicant' });
		const ctx = await contextFor(db.sql, wang);
		expect((await createCaller(ctx).auth.logoutEverywhere()).ended).toBeGreaterThanOrEqual(2);
		expect(await validateSessionToken(db.sql, phone.token)).toBeNull();
		const [own] = await db.sql`select 1 from sessions where id = ${ctx.session!.id}`;
		expect(own).toBeUndefined();
		expect(await validateSessionToken(db.sql, liSession.token)).not.toBeNull();
	});

	it('refuses a signed-in person’s mutations over the allowance of a minute, changing nothing', async () => {
		const wang = await userIdBy(db.sql, '13800000001');
		await db.sql`insert into throttles (key, count, window_start, next_at, expires_at)
			values (${`user-actions:${wang}`}, 600, now(), now(), now() + interval '1 minute')
			on conflict (key) do update set count = 600, expires_at = now() + interval '1 minute'`;
		const ctx = await contextFor(db.sql, wang);
		const sessions = await db.sql`select id from sessions where user_id = ${wang}`;
		const error = await refusal(createCaller(ctx).auth.logoutEverywhere());
		expect(error.data.httpStatus).toBe(429);
		expect(error.message).toBe('操作过于频繁，请稍后再试');
		expect(await db.sql`select id from sessions where user_id = ${wang}`).toHaveLength(
			sessions.length
		);
		await db.sql`delete from throttles where key = ${`user-actions:${wang}`}`;
	});
});
