import { randomInt } from 'node:crypto';
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import type { Sql, TransactionSql } from '../db/client';
import { smsSender, type SmsPurpose } from '../identity/sms';

export const CODE_TTL_SECONDS = 5 * 60;
export const CODE_MAX_TRIES = 5;

function hashCode(mobile: string, code: string): Buffer {
	return Buffer.from(sha256(new TextEncoder().encode(`${mobile}:${code}`)));
}

/** A fresh 6-digit code for the mobile; earlier unused ones of the same purpose stop working. */
export async function issueCode(
	sql: Sql,
	mobile: string,
	purpose: SmsPurpose,
	now = new Date()
): Promise<void> {
	const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
	const expiresAt = new Date(now.getTime() + CODE_TTL_SECONDS * 1000);
	await sql.begin(async (tx) => {
		await tx`update sms_codes set used_at = ${now}
			where mobile = ${mobile} and purpose = ${purpose} and used_at is null`;
		await tx`insert into sms_codes (mobile, purpose, code_hash, expires_at, created_at)
			values (${mobile}, ${purpose}, ${hashCode(mobile, code)}, ${expiresAt}, ${now})`;
	});
	await smsSender().send(mobile, code, purpose);
}

export type CodeCheck = { ok: true; codeId: number } | { ok: false; reason: 'wrong' | 'expired' };

/**
 * Checks a code without using it up (a refusal for another reason keeps it valid). A wrong code
 * spends one of the 5 tries; once they are spent, or after 5 minutes, the code is expired.
 */
export async function checkCode(
	sql: Sql,
	mobile: string,
	purpose: SmsPurpose,
	code: string,
	now = new Date()
): Promise<CodeCheck> {
	return sql.begin(async (tx) => {
		const [row] = await tx<{ id: number; codeHash: Uint8Array; tries: number; expiresAt: Date }[]>`
			select id::int, code_hash, tries, expires_at from sms_codes
			where mobile = ${mobile} and purpose = ${purpose} and used_at is null
			order by id desc limit 1 for update`;
		if (!row || row.expiresAt <= now || row.tries >= CODE_MAX_TRIES) {
			return { ok: false, reason: 'expired' } as const;
		}
		if (!constantTimeEqual(new Uint8Array(row.codeHash), hashCode(mobile, code))) {
			await tx`update sms_codes set tries = tries + 1 where id = ${row.id}`;
			return { ok: false, reason: 'wrong' } as const;
		}
		return { ok: true, codeId: row.id } as const;
	});
}

/** Counts a try against a right code whose request was refused for another reason (an oracle's). */
export async function spendCodeTry(sql: Sql, codeId: number): Promise<void> {
	await sql`update sms_codes set tries = tries + 1 where id = ${codeId}`;
}

/** Uses a checked code up, inside the transaction that acts on it; false if it was used meanwhile. */
export async function consumeCode(tx: TransactionSql, codeId: number, now = new Date()) {
	const rows = await tx`update sms_codes set used_at = ${now}
		where id = ${codeId} and used_at is null returning id`;
	return rows.length === 1;
}

export async function purgeCodes(sql: Sql, now = new Date()): Promise<number> {
	const rows = await sql`delete from sms_codes
		where expires_at <= ${now}::timestamptz - interval '1 day' returning id`;
	return rows.length;
}
