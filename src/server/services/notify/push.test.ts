import { createECDH, randomBytes } from 'node:crypto';
import { Agent } from 'node:https';
import ece from 'http_ece';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoAccounts } from '../../seed/demo';
import { openTestDatabase, type TestDatabase } from '../../../../tests/helpers/db';
import { userIdBy } from '../../../../tests/helpers/context';
import { startPushService, type PushService } from '../../../../tests/helpers/push-service';
import { pushTo, subscribe, vapidKeys } from './push';

/**
 * Web Push against a push service on loopback (the one true outside boundary: real push services
 * are not reachable here). It checks what a real one checks: the VAPID signature's key and the
 * aes128gcm body, which only the browser's key pair can decrypt.
 */
let db: TestDatabase;
let push: PushService;
const agent = new Agent({ rejectUnauthorized: false });

beforeAll(async () => {
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql);
	push = await startPushService();
});
afterAll(async () => {
	await push.close();
	await db.close();
});

describe('Web Push of a case notice', () => {
	it('sends a body only the subscribed browser can read, signed with the server’s VAPID key', async () => {
		const wang = await userIdBy(db.sql, '13800000001');
		const browser = createECDH('prime256v1');
		browser.generateKeys();
		const auth = randomBytes(16);
		const endpoint = `${push.url}${randomBytes(8).toString('hex')}`;
		await subscribe(db.sql, wang, {
			endpoint,
			keys: {
				p256dh: browser.getPublicKey().toString('base64url'),
				auth: auth.toString('base64url')
			}
		});
		const sent = await pushTo(
			db.sql,
			wang,
			{ title: '审核进度', body: '已通过', url: '/cases/x' },
			{ agent }
		);
		expect(sent).toBe(1);
		const got = push.received.at(-1)!;
		expect(got.headers['content-encoding']).toBe('aes128gcm');
		const { publicKey } = await vapidKeys(db.sql);
		expect(String(got.headers.authorization)).toContain(`k=${publicKey}`);
		const plain = ece.decrypt(got.body, {
			version: 'aes128gcm',
			privateKey: browser,
			authSecret: auth.toString('base64url')
		});
		expect(JSON.parse(plain.toString())).toEqual({
			title: '审核进度',
			body: '已通过',
			url: '/cases/x'
		});

		// The push service says the subscription is gone: it is forgotten.
		push.answer = 410;
		expect(await pushTo(db.sql, wang, { title: 't', body: 'b', url: '/' }, { agent })).toBe(0);
		const rows = await db.sql`select 1 from push_subscriptions where endpoint = ${endpoint}`;
		expect(rows).toHaveLength(0);
	});

	it('refuses a subscription whose endpoint is not https', async () => {
		const wang = await userIdBy(db.sql, '13800000001');
		await expect(
			subscribe(db.sql, wang, { endpoint: 'http://127.0.0.1/x', keys: { p256dh: 'a', auth: 'b' } })
		).rejects.toThrow();
	});
});
