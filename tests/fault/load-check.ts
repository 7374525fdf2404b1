import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Sql } from '../../src/server/db/client';
import type { LoadLog } from './load-log';
import { MODULE } from './savers';
import { sha256Of } from './tus-client';

/**
 * The client's log against the database and the file store: every save answered `applied` is
 * recorded and took effect exactly once (the module's revision counts the applied saves, its data
 * is the last one's), and every upload answered complete is a verified row whose stored bytes
 * have the SHA-256 the client sent, once.
 */

export interface WriteCheck {
	/** Ids (mutation or attachment) of acknowledged writes found intact. */
	found: Set<string>;
	/** What is wrong, one line each (empty: all acknowledged writes are there exactly once). */
	problems: string[];
	/** Writes the database holds that no client was told of (a request abandoned at the end). */
	unacknowledged: number;
}

export async function checkWrites(sql: Sql, filesDir: string, log: LoadLog): Promise<WriteCheck> {
	const found = new Set<string>();
	const problems: string[] = [];
	let unacknowledged = 0;

	const byCase = new Map<string, LoadLog['saves']>();
	for (const s of log.saves) {
		const list = byCase.get(s.caseId) ?? [];
		list.push(s);
		byCase.set(s.caseId, list);
	}
	for (const [caseId, saves] of byCase) {
		const clientIds = [...new Set(saves.map((s) => s.clientId))];
		const rows = await sql<{ mutationId: string }[]>`
			select mutation_id from applied_mutations where client_id = any(${clientIds}::uuid[])`;
		const recorded = new Set(rows.map((r) => r.mutationId));
		for (const s of saves) if (recorded.has(s.mutationId)) found.add(s.mutationId);
		const told = new Set(saves.map((s) => s.mutationId));
		unacknowledged += [...recorded].filter((id) => !told.has(id)).length;
		const missing = saves.filter((s) => !recorded.has(s.mutationId)).length;
		if (missing)
			problems.push(`case ${caseId}: ${missing} saves answered applied are not recorded`);
		const [mod] = await sql<{ revision: number; data: { n: number } }[]>`
			select revision, data from case_modules where case_id = ${caseId} and module = ${MODULE}`;
		const last = saves.at(-1)!;
		if (mod?.revision !== saves.length || mod.data.n !== last.n) {
			problems.push(
				`case ${caseId}: module at revision ${mod?.revision} with n=${mod?.data.n}; ` +
					`${saves.length} saves were answered applied, the last with n=${last.n}`
			);
		}
	}

	const ids = log.uploads.map((u) => u.attachmentId);
	const rows = await sql<{ id: string; status: string; sha256: string; storageKey: string }[]>`
		select id, status, sha256, storage_key from uploads where id = any(${ids}::uuid[])`;
	const rowOf = new Map(rows.map((r) => [r.id, r]));
	for (const u of log.uploads) {
		const row = rowOf.get(u.attachmentId);
		if (!row) {
			problems.push(`upload ${u.attachmentId} answered complete (${u.via}) has no row`);
			continue;
		}
		let stored: string;
		try {
			stored = sha256Of(readFileSync(path.join(filesDir, row.storageKey)));
		} catch (error) {
			stored = `unreadable: ${(error as Error).message}`;
		}
		if (row.status !== 'verified' || row.sha256 !== u.sha256 || stored !== u.sha256) {
			problems.push(
				`upload ${u.attachmentId}: ${row.status}, recorded ${row.sha256}, stored ${stored}, ` +
					`the client sent ${u.sha256}`
			);
		} else found.add(u.attachmentId);
	}
	const caseIds = [...new Set(log.uploads.map((u) => u.caseId))];
	const copies = await sql<{ sha256: string; n: number }[]>`
		select sha256, count(*)::int as n from uploads
		where case_id = any(${caseIds}::uuid[]) group by sha256 having count(*) > 1`;
	for (const c of copies) problems.push(`bytes ${c.sha256} recorded ${c.n} times`);
	const [extra] = await sql<{ n: number }[]>`
		select count(*)::int as n from uploads
		where case_id = any(${caseIds}::uuid[]) and not (id = any(${ids}::uuid[]))`;
	unacknowledged += extra!.n;
	return { found, problems, unacknowledged };
}
