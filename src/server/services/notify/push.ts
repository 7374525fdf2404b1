import webpush from 'web-push';
import type { Sql } from '../../db/client';

/**
 * Web Push of case notices, where the browser allows it. Best effort: a notice is already in the
 * database and reaches the device through sync.pull; a push only wakes the phone sooner. A
 * subscription the push service says is gone (404/410) is forgotten.
 */

export interface PushSubscriptionInput {
	endpoint: string;
	keys: { p256dh: string; auth: string };
}

export interface PushMessage {
	title: string;
	body: string;
	url: string;
}

interface VapidKeys {
	publicKey: string;
	privateKey: string;
}

let cached: VapidKeys | null = null;

/** Who the push services may contact about this server (VAPID `sub`): PUSH_SUBJECT. */
const SUBJECT = process.env.PUSH_SUBJECT || 'mailto:zhicheng-ops@localhost';

/** The server's VAPID key pair: made once, kept in PostgreSQL for every process. */
export async function vapidKeys(sql: Sql): Promise<VapidKeys> {
	if (cached) return cached;
	const fresh = webpush.generateVAPIDKeys();
	await sql`insert into app_settings (key, value) values ('vapid', ${sql.json(fresh as never)})
		on conflict (key) do nothing`;
	const [row] = await sql<
		{ value: VapidKeys }[]
	>`select value from app_settings where key = 'vapid'`;
	cached = row!.value;
	return cached;
}

export async function subscribe(sql: Sql, userId: string, s: PushSubscriptionInput) {
	await sql`insert into push_subscriptions (endpoint, user_id, p256dh, auth)
		values (${s.endpoint}, ${userId}, ${s.keys.p256dh}, ${s.keys.auth})
		on conflict (endpoint) do update set user_id = excluded.user_id, p256dh = excluded.p256dh,
			auth = excluded.auth, failures = 0`;
}

export async function unsubscribe(sql: Sql, userId: string, endpoint: string) {
	await sql`delete from push_subscriptions where endpoint = ${endpoint} and user_id = ${userId}`;
}

/** Where one browser receives pushes (a row of push_subscriptions). */
export interface PushTarget {
	endpoint: string;
	p256dh: string;
	auth: string;
}

export interface PushOptions {
	agent?: import('node:https').Agent;
}

/**
 * Sends one message to one subscription: true when the push service accepted it, false when it
 * says the subscription is gone (404/410; it is forgotten). Any other failure is counted on the
 * subscription and thrown, for the caller to retry or give up.
 */
export async function sendPush(
	sql: Sql,
	target: PushTarget,
	message: PushMessage,
	{ agent }: PushOptions = {}
): Promise<boolean> {
	const keys = await vapidKeys(sql);
	try {
		await webpush.sendNotification(
			{ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
			JSON.stringify(message),
			{
				vapidDetails: { subject: SUBJECT, ...keys },
				TTL: 24 * 3600,
				timeout: 5000,
				...(agent ? { agent } : {})
			}
		);
		return true;
	} catch (error) {
		const status = (error as { statusCode?: number }).statusCode;
		if (status === 404 || status === 410) {
			await sql`delete from push_subscriptions where endpoint = ${target.endpoint}`;
			return false;
		}
		await sql`update push_subscriptions set failures = failures + 1 where endpoint = ${target.endpoint}`;
		throw error;
	}
}

/** The person's subscriptions. */
export async function pushTargets(sql: Sql, userId: string): Promise<PushTarget[]> {
	return [
		...(await sql<PushTarget[]>`
			select endpoint, p256dh, auth from push_subscriptions where user_id = ${userId}`)
	];
}

/** Sends one message to each of the person's subscriptions; returns how many were accepted. */
export async function pushTo(
	sql: Sql,
	userId: string,
	message: PushMessage,
	options: PushOptions = {}
): Promise<number> {
	let sent = 0;
	for (const target of await pushTargets(sql, userId)) {
		try {
			if (await sendPush(sql, target, message, options)) sent += 1;
		} catch {
			// Counted on the subscription; the notice still reaches the device through sync.pull.
		}
	}
	return sent;
}
