import type { Sql, TransactionSql } from '../../db/client';
import type {
	AcceptingDepartmentInput,
	CommitteeInput,
	ConsultationPhoneInput,
	DeclarationPointInput,
	PeriodInput,
	ReferenceTable
} from '$lib/domain/admin/schemas';
import type { Locale } from '$lib/i18n/locale';
import { audit } from '../review/audit';
import { refuse } from './refusal';
import { usagesOf } from './usage';

/**
 * The reference data an administrator edits. Every save names the revision its form was loaded
 * at: a row changed since is refused (CONFLICT), never overwritten. Deleting a row in use is
 * refused with what uses it; retiring hides it from new declarations and keeps it for old cases.
 */

type Tx = TransactionSql;
export interface Actor {
	userId: string;
	locale: Locale;
}

const EXAMPLE_NOTE = '示例：名称为合成，非官方评委会名称';

function escapeLike(s: string) {
	return `%${s.replace(/[\\%_]/g, '\\$&')}%`;
}

/** A list of one table, searched by name (or org / phone), retired rows last or hidden. */
export async function listReference(
	sql: Sql,
	input: { table: ReferenceTable; search?: string; includeRetired?: boolean }
): Promise<Record<string, unknown>[]> {
	const q = input.search ? escapeLike(input.search) : null;
	const retired = input.includeRetired !== false;
	switch (input.table) {
		case 'committees':
			return sql`
				select c.id, c.name, c.region_code, r.name as region_name, c.series_id, s.name as series_name,
					c.level_codes, c.specialties, c.phone, c.note, (c.note like '示例%') as example,
					c.revision, c.retired_at
				from committees c join regions r on r.code = c.region_code
				join title_series s on s.id = c.series_id
				where (${q}::text is null or c.name like ${q} or c.id like ${q} or r.name like ${q})
					and (${retired} or c.retired_at is null)
				order by c.retired_at nulls first, c.region_code, c.id`;
		case 'accepting_departments':
			return sql`
				select a.id, a.name, a.region_code, r.name as region_name, a.series_id, a.phone,
					a.revision, a.retired_at
				from accepting_departments a join regions r on r.code = a.region_code
				where (${q}::text is null or a.name like ${q} or a.id like ${q} or r.name like ${q})
					and (${retired} or a.retired_at is null)
				order by a.retired_at nulls first, a.region_code, a.id`;
		case 'declaration_points':
			return sql`
				select d.id, d.name, d.region_code, r.name as region_name, d.phone, d.revision, d.retired_at
				from declaration_points d join regions r on r.code = d.region_code
				where (${q}::text is null or d.name like ${q} or d.id like ${q} or r.name like ${q})
					and (${retired} or d.retired_at is null)
				order by d.retired_at nulls first, d.region_code, d.id`;
		case 'declaration_periods':
			return sql`
				select p.id, p.owner_kind, p.owner_id, coalesce(c.name, a.name) as owner_name, p.year,
					p.starts_at, p.ends_at, (now() between p.starts_at and p.ends_at) as open, p.revision
				from declaration_periods p
				left join committees c on p.owner_kind = 'committee' and c.id = p.owner_id
				left join accepting_departments a on p.owner_kind = 'accepting_department' and a.id = p.owner_id
				where (${q}::text is null or p.id like ${q} or p.owner_id like ${q}
					or coalesce(c.name, a.name) like ${q})
				order by p.ends_at desc, p.id
				limit 500`;
		case 'consultation_phones':
			return sql`
				select p.id::text as id, p.region_code, r.name as region_name, p.topic, p.org, p.phone,
					p.revision, p.retired_at
				from consultation_phones p join regions r on r.code = p.region_code
				where (${q}::text is null or p.org like ${q} or p.phone like ${q} or r.name like ${q})
					and (${retired} or p.retired_at is null)
				order by p.retired_at nulls first, r.level, r.sort, p.id`;
	}
}

async function requireRegion(tx: Tx, code: string, locale: Locale) {
	const [row] = await tx`select 1 from regions where code = ${code}`;
	if (!row) refuse('BAD_REQUEST', 'admin_region_missing', locale);
}

async function requireSeries(tx: Tx, id: string | null, locale: Locale) {
	if (id === null) return;
	const [row] = await tx`select 1 from title_series where id = ${id}`;
	if (!row) refuse('BAD_REQUEST', 'admin_series_missing', locale);
}

/**
 * The revision check of an update: `changed` rows came back from `update … where revision = $r`.
 * None: the row changed since the form was loaded (or is gone).
 */
async function checkUpdated(
	tx: Tx,
	table: ReferenceTable,
	id: string,
	changed: readonly unknown[],
	locale: Locale
) {
	if (changed.length > 0) return;
	const [row] = await tx`select 1 from ${tx(table)} where id::text = ${id}`;
	refuse(row ? 'CONFLICT' : 'NOT_FOUND', row ? 'admin_record_changed' : 'admin_not_found', locale);
}

async function refuseTaken(tx: Tx, table: ReferenceTable, id: string, locale: Locale) {
	const [row] = await tx`select 1 from ${tx(table)} where id::text = ${id}`;
	if (row) refuse('CONFLICT', 'admin_exists', locale);
}

export async function saveCommittee(sql: Sql, actor: Actor, input: CommitteeInput) {
	return sql.begin(async (tx) => {
		await requireRegion(tx, input.regionCode, actor.locale);
		await requireSeries(tx, input.seriesId, actor.locale);
		const note = input.example ? EXAMPLE_NOTE : null;
		const fields = {
			name: input.name,
			region_code: input.regionCode,
			series_id: input.seriesId,
			level_codes: input.levelCodes,
			specialties: input.specialties,
			phone: input.phone,
			note
		};
		if (input.revision === null) {
			await refuseTaken(tx, 'committees', input.id, actor.locale);
			await tx`insert into committees ${tx({ id: input.id, ...fields })}`;
		} else {
			const changed = await tx`update committees set ${tx(fields)}, revision = revision + 1
				where id = ${input.id} and revision = ${input.revision} returning id`;
			await checkUpdated(tx, 'committees', input.id, changed, actor.locale);
		}
		await audit(tx, {
			actorId: actor.userId,
			action: input.revision === null ? 'admin.create' : 'admin.update',
			subject: `committees:${input.id}`,
			detail: fields
		});
		return { id: input.id };
	});
}

export async function saveAcceptingDepartment(
	sql: Sql,
	actor: Actor,
	input: AcceptingDepartmentInput
) {
	return sql.begin(async (tx) => {
		await requireRegion(tx, input.regionCode, actor.locale);
		await requireSeries(tx, input.seriesId, actor.locale);
		const fields = {
			name: input.name,
			region_code: input.regionCode,
			series_id: input.seriesId,
			phone: input.phone
		};
		if (input.revision === null) {
			await refuseTaken(tx, 'accepting_departments', input.id, actor.locale);
			await tx`insert into accepting_departments ${tx({ id: input.id, ...fields })}`;
		} else {
			const changed =
				await tx`update accepting_departments set ${tx(fields)}, revision = revision + 1
				where id = ${input.id} and revision = ${input.revision} returning id`;
			await checkUpdated(tx, 'accepting_departments', input.id, changed, actor.locale);
		}
		await audit(tx, {
			actorId: actor.userId,
			action: input.revision === null ? 'admin.create' : 'admin.update',
			subject: `accepting_departments:${input.id}`,
			detail: fields
		});
		return { id: input.id };
	});
}

export async function saveDeclarationPoint(sql: Sql, actor: Actor, input: DeclarationPointInput) {
	return sql.begin(async (tx) => {
		await requireRegion(tx, input.regionCode, actor.locale);
		const fields = { name: input.name, region_code: input.regionCode, phone: input.phone };
		if (input.revision === null) {
			await refuseTaken(tx, 'declaration_points', input.id, actor.locale);
			await tx`insert into declaration_points ${tx({ id: input.id, ...fields })}`;
		} else {
			const changed = await tx`update declaration_points set ${tx(fields)}, revision = revision + 1
				where id = ${input.id} and revision = ${input.revision} returning id`;
			await checkUpdated(tx, 'declaration_points', input.id, changed, actor.locale);
		}
		await audit(tx, {
			actorId: actor.userId,
			action: input.revision === null ? 'admin.create' : 'admin.update',
			subject: `declaration_points:${input.id}`,
			detail: fields
		});
		return { id: input.id };
	});
}

export async function saveConsultationPhone(sql: Sql, actor: Actor, input: ConsultationPhoneInput) {
	return sql.begin(async (tx) => {
		await requireRegion(tx, input.regionCode, actor.locale);
		const fields = {
			region_code: input.regionCode,
			topic: input.topic,
			org: input.org,
			phone: input.phone
		};
		let id = input.id;
		if (id === null || input.revision === null) {
			const [row] = await tx<{ id: number }[]>`
				insert into consultation_phones ${tx(fields)} returning id`;
			id = row!.id;
		} else {
			const changed = await tx`update consultation_phones set ${tx(fields)}, revision = revision + 1
				where id = ${id} and revision = ${input.revision} returning id`;
			await checkUpdated(tx, 'consultation_phones', String(id), changed, actor.locale);
		}
		await audit(tx, {
			actorId: actor.userId,
			action: input.revision === null ? 'admin.create' : 'admin.update',
			subject: `consultation_phones:${id}`,
			detail: fields
		});
		return { id: String(id) };
	});
}

/**
 * A 申报期 of a committee or 报送受理部门. The owner's row is locked first, so two saves for one
 * owner are checked for overlap one after the other.
 */
export async function savePeriod(sql: Sql, actor: Actor, input: PeriodInput) {
	return sql.begin(async (tx) => {
		const ownerTable =
			input.ownerKind === 'committee' ? 'committees' : ('accepting_departments' as const);
		const [owner] =
			await tx`select 1 from ${tx(ownerTable)} where id = ${input.ownerId} for update`;
		if (!owner) refuse('BAD_REQUEST', 'admin_owner_missing', actor.locale);
		const [overlap] = await tx<{ id: string }[]>`
			select id from declaration_periods
			where owner_kind = ${input.ownerKind} and owner_id = ${input.ownerId} and id <> ${input.id}
				and tstzrange(starts_at, ends_at, '[]') && tstzrange(${input.startsAt}::timestamptz, ${input.endsAt}::timestamptz, '[]')
			limit 1`;
		if (overlap) refuse('BAD_REQUEST', 'admin_period_overlap', actor.locale, { id: overlap.id });
		const fields = {
			owner_kind: input.ownerKind,
			owner_id: input.ownerId,
			year: input.year,
			starts_at: new Date(input.startsAt),
			ends_at: new Date(input.endsAt)
		};
		if (input.revision === null) {
			await refuseTaken(tx, 'declaration_periods', input.id, actor.locale);
			await tx`insert into declaration_periods ${tx({ id: input.id, ...fields })}`;
		} else {
			const changed = await tx`update declaration_periods set ${tx(fields)}, revision = revision + 1
				where id = ${input.id} and revision = ${input.revision} returning id`;
			await checkUpdated(tx, 'declaration_periods', input.id, changed, actor.locale);
		}
		await audit(tx, {
			actorId: actor.userId,
			action: input.revision === null ? 'admin.create' : 'admin.update',
			subject: `declaration_periods:${input.id}`,
			detail: { ...fields, starts_at: input.startsAt, ends_at: input.endsAt }
		});
		return { id: input.id };
	});
}

/** Deletes a row nothing uses; a row in use is refused with what uses it. */
export async function deleteReference(
	sql: Sql,
	actor: Actor,
	ref: { table: ReferenceTable; id: string; revision: number }
) {
	return sql.begin(async (tx) => {
		const [row] = await tx<{ revision: number }[]>`
			select revision from ${tx(ref.table)} where id::text = ${ref.id} for update`;
		if (!row) refuse('NOT_FOUND', 'admin_not_found', actor.locale);
		if (row.revision !== ref.revision) refuse('CONFLICT', 'admin_record_changed', actor.locale);
		const uses = await usagesOf(tx, ref.table, ref.id, actor.locale);
		if (uses.length > 0)
			refuse('CONFLICT', 'admin_in_use', actor.locale, {
				uses: uses.join(actor.locale === 'en' ? '; ' : '；')
			});
		await tx`delete from ${tx(ref.table)} where id::text = ${ref.id}`;
		await audit(tx, {
			actorId: actor.userId,
			action: 'admin.delete',
			subject: `${ref.table}:${ref.id}`
		});
	});
}

/** Retires (or brings back) a row: hidden from new declarations, kept for existing cases. */
export async function setRetired(
	sql: Sql,
	actor: Actor,
	ref: { table: ReferenceTable; id: string; revision: number },
	retired: boolean
) {
	if (ref.table === 'declaration_periods')
		refuse('BAD_REQUEST', 'admin_period_no_retire', actor.locale);
	return sql.begin(async (tx) => {
		const changed = await tx`
			update ${tx(ref.table)}
			set retired_at = ${retired ? tx`now()` : null}, revision = revision + 1
			where id::text = ${ref.id} and revision = ${ref.revision} returning id`;
		await checkUpdated(tx, ref.table, ref.id, changed, actor.locale);
		await audit(tx, {
			actorId: actor.userId,
			action: retired ? 'admin.retire' : 'admin.restore',
			subject: `${ref.table}:${ref.id}`
		});
	});
}
