import type { Sql } from '../db/client';
import type { SmsPurpose } from '../identity/sms';
import { authSettings } from './settings';
import { forget, release, reserve, reserveOne, type Limit, type Reservation } from './throttle';

const MINUTE = 60;
const HOUR = 3600;

/** Failed logins of one account from all addresses within 15 minutes that mean it is attacked. */
export const ACCOUNT_ATTACK_FAILURES = 10;
/** Failed logins from one address within 15 minutes, over all accounts. */
export const ADDRESS_LOGIN_CEILING = 50;

/**
 * Login: one account+address pair gets 5 tries at once, then waits 2 s, 4 s, … up to 15 minutes.
 * The address has a ceiling over all accounts. The account itself never refuses: while it is
 * attacked (10 failures within 15 minutes) every pair gets one try, then 30 s, 60 s, … — so the
 * right password from an address that has not failed still logs in, and a lock-out is no weapon.
 */
export function loginLimits(account: string, address: string): Limit[] {
	const accountKey = `login-account:${account}`;
	return [
		{ kind: 'window', key: accountKey, max: Infinity, windowSeconds: 15 * MINUTE },
		{
			kind: 'window',
			key: `login-address:${address}`,
			max: ADDRESS_LOGIN_CEILING,
			windowSeconds: 15 * MINUTE
		},
		{
			kind: 'backoff',
			key: `login-pair:${account}|${address}`,
			free: 5,
			baseSeconds: 2,
			maxSeconds: 15 * MINUTE,
			memorySeconds: 24 * HOUR,
			strict: { key: accountKey, atLeast: ACCOUNT_ATTACK_FAILURES, free: 1, baseSeconds: 30 }
		}
	];
}

export function reserveLogin(sql: Sql, account: string, address: string, now?: Date) {
	return reserve(sql, loginLimits(account, address), now);
}

/** The right password: the pair starts afresh and the attempt is no failure anywhere. */
export async function loginSucceeded(sql: Sql, account: string, address: string): Promise<void> {
	const [accountKey, addressKey, pairKey] = loginLimits(account, address).map((l) => l.key);
	await forget(sql, [pairKey!]);
	await release(sql, [accountKey!, addressKey!]);
}

/**
 * SMS codes: one a minute per mobile and purpose, 5 an hour per mobile, 10 an hour per address (each costs money
 * and reaches a person's phone).
 */
export function reserveSms(
	sql: Sql,
	mobile: string,
	purpose: SmsPurpose,
	address: string,
	now?: Date
): Promise<Reservation> {
	return reserve(
		sql,
		[
			{
				kind: 'backoff',
				key: `sms-mobile-gap:${purpose}:${mobile}`,
				free: 0,
				baseSeconds: MINUTE,
				maxSeconds: MINUTE,
				memorySeconds: MINUTE
			},
			{ kind: 'window', key: `sms-mobile:${mobile}`, max: 5, windowSeconds: HOUR },
			{ kind: 'window', key: `sms-address:${address}`, max: 10, windowSeconds: HOUR }
		],
		now
	);
}

/** Registrations and password resets (each hashes a password): 20 an hour per address. */
export function reserveAccountChange(sql: Sql, address: string): Promise<Reservation> {
	return reserve(sql, [
		{ kind: 'window', key: `account-change:${address}`, max: 20, windowSeconds: HOUR }
	]);
}

/** Every tRPC mutation and every tus creation of a signed-in person: USER_ACTIONS_PER_MINUTE. */
export function reserveUserAction(
	sql: Sql,
	userId: string,
	perMinute = authSettings.userActionsPerMinute
): Promise<Reservation> {
	return reserveOne(sql, {
		kind: 'window',
		key: `user-actions:${userId}`,
		max: perMinute,
		windowSeconds: MINUTE
	});
}
