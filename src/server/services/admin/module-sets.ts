import type { Sql, TransactionSql } from '../../db/client';
import type { ModuleSetInput } from '$lib/domain/admin/module-set-input';
import type { ModuleLimits } from '$lib/domain/modules/catalog';
import type { ModuleSetEntry, OwnerType, SetKind } from '$lib/domain/modules/module-set';
import { audit } from '../review/audit';
import { refuse } from './refusal';
import type { Actor } from './reference-data';

/**
 * 申报模块配置: per kind + owner (评委会 for 评审, 报送受理部门 for 初定) + year, a list of
 * versions. Saving writes the next version (an old one is never changed); the newest applies,
 * and open drafts are rebased on it at their next pull (services/sync/pull-rebase.ts).
 */

export interface ModuleSetVersion {
	id: string;
	version: number;
	modules: ModuleSetEntry[];
	note: string | null;
	createdAt: Date;
}

export function ownerTypeOf(kind: SetKind): OwnerType {
	return kind === 'review' ? 'committee' : 'accepting_department';
}

/** Who may own a set of this kind, with names, retired ones last. */
export function moduleSetOwners(sql: Sql, kind: SetKind) {
	const table = kind === 'review' ? 'committees' : 'accepting_departments';
	return sql<{ id: string; name: string; retired: boolean }[]>`
		select id, name, (retired_at is not null) as retired from ${sql(table)}
		order by (retired_at is not null), region_code, name`;
}

/** Every version of an owner's set for a year, newest first. */
export function moduleSetVersions(
	sql: Sql,
	key: { kind: SetKind; ownerId: string; year: number }
): Promise<ModuleSetVersion[]> {
	return sql<ModuleSetVersion[]>`
		select id, version, modules, note, created_at from module_sets
		where kind = ${key.kind} and owner_type = ${ownerTypeOf(key.kind)}
			and owner_id = ${key.ownerId} and year = ${key.year}
		order by version desc`;
}

/**
 * Writes the next version. Refused when the owner does not exist, or when a version newer than
 * the one the form was loaded from was saved meanwhile (another administrator's, kept).
 */
export async function saveModuleSet(
	sql: Sql,
	actor: Actor,
	input: ModuleSetInput
): Promise<{ id: string; version: number }> {
	return sql.begin(async (tx) => {
		const ownerType = ownerTypeOf(input.kind);
		await requireOwner(tx, input.kind, input.ownerId, actor);
		// Two saves of the same owner's year one after the other, so the revision check holds.
		await tx`select pg_advisory_xact_lock(hashtextextended(${`module_sets:${input.kind}:${input.ownerId}:${input.year}`}, 0))`;
		const [newest] = await tx<{ version: number }[]>`
			select max(version)::int as version from module_sets
			where kind = ${input.kind} and owner_type = ${ownerType}
				and owner_id = ${input.ownerId} and year = ${input.year}`;
		const current = newest?.version ?? null;
		if (current !== input.baseVersion) refuse('CONFLICT', 'admin_record_changed', actor.locale);
		const version = (current ?? 0) + 1;
		const id = `ms-${input.kind}-${input.ownerId}-${input.year}-v${version}`;
		const modules = input.modules.map(cleanEntry);
		await tx`insert into module_sets ${tx({
			id,
			kind: input.kind,
			owner_type: ownerType,
			owner_id: input.ownerId,
			year: input.year,
			version,
			modules: tx.json(modules as never),
			note: input.note || null
		})}`;
		await audit(tx, {
			actorId: actor.userId,
			action: 'admin.module_set',
			subject: `module_sets:${id}`,
			detail: { kind: input.kind, ownerId: input.ownerId, year: input.year, version, modules }
		});
		return { id, version };
	}) as Promise<{ id: string; version: number }>;
}

async function requireOwner(tx: TransactionSql, kind: SetKind, ownerId: string, actor: Actor) {
	const table = kind === 'review' ? 'committees' : 'accepting_departments';
	const [row] = await tx`select 1 from ${tx(table)} where id = ${ownerId}`;
	if (!row) refuse('BAD_REQUEST', 'admin_module_owner_missing', actor.locale);
}

/** The entry as stored: limits only with the bounds that were set. */
function cleanEntry(e: ModuleSetInput['modules'][number]): ModuleSetEntry {
	const limits = Object.fromEntries(
		Object.entries(e.limits ?? {}).filter(([, v]) => typeof v === 'number')
	) as ModuleLimits;
	return {
		key: e.key as ModuleSetEntry['key'],
		required: e.required,
		...(Object.keys(limits).length ? { limits } : {})
	};
}
