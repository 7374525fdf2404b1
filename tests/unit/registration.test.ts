import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../src/server/trpc/routers/_app';
import { seedDemoAccounts } from '../../src/server/seed/demo';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { anonymousContext } from '../helpers/context';

let db: TestDatabase;
beforeAll(async () => {
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql);
});
afterAll(() => db.close());

const valid = {
	name: '陈静',
	idNumber: '321283199501010046',
	mobile: '13912345678',
	password: 'Secret#2026'
};

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
		}) as { message: string; data: { fieldErrors: Record<string, string> | null } };
		return shape;
	}
	throw new Error('expected a refusal');
}

describe('registration', () => {
	it('refuses a wrong ID check digit with a clear message and creates nothing', async () => {
		const before = await userCount();
		const caller = createCaller(anonymousContext(db.sql));
		const error = await refusal(caller.auth.register({ ...valid, idNumber: '321283199501010047' }));
		expect(error.data.fieldErrors).toEqual({ idNumber: '居民身份证号码校验位不正确，请核对' });
		expect(await userCount()).toBe(before);
	});

	it('names each bad field, in English when switched', async () => {
		const caller = createCaller(anonymousContext(db.sql, 'en'));
		const error = await refusal(
			caller.auth.register({
				name: 'x',
				idNumber: '32010219900230002X',
				mobile: '12345',
				password: 'short'
			}),
			'en'
		);
		expect(error.message).toBe('Please correct the highlighted fields');
		expect(error.data.fieldErrors).toEqual({
			name: 'Real name must be 2–30 Chinese characters or letters',
			idNumber: 'The birth date in the ID number does not exist',
			mobile: 'The mobile number must be 11 digits starting with 1',
			password: 'The password must be 8–64 characters'
		});
	});

	it('registers, then signs in with the ID number (lower-case x accepted)', async () => {
		const caller = createCaller(anonymousContext(db.sql));
		const { userId } = await caller.auth.register(valid);
		const [row] = await db.sql<{ idNumber: string; passwordHash: string }[]>`
			select id_number, password_hash from users where id = ${userId}`;
		expect(row?.idNumber).toBe(valid.idNumber);
		expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(
			await caller.auth.login({ identifier: valid.idNumber, password: valid.password })
		).toEqual({
			kind: 'applicant'
		});
	});

	it('refuses a duplicate ID number or mobile with one message that does not say which', async () => {
		const caller = createCaller(anonymousContext(db.sql));
		const before = await userCount();
		const byId = await refusal(caller.auth.register({ ...valid, mobile: '13912345679' }));
		const byMobile = await refusal(
			caller.auth.register({ ...valid, idNumber: '320707198705210010' })
		);
		expect(byId.message).toBe('该身份证号码或手机号码已注册，请直接登录');
		expect(byMobile.message).toBe(byId.message);
		expect(await userCount()).toBe(before);
	});

	it('gives one generic message for any failed login', async () => {
		const caller = createCaller(anonymousContext(db.sql));
		const unknown = await refusal(caller.auth.login({ identifier: '13700000000', password: 'x' }));
		const wrong = await refusal(caller.auth.login({ identifier: '13800000001', password: 'x' }));
		expect(unknown.message).toBe('账号或密码错误');
		expect(wrong.message).toBe(unknown.message);
	});
});
