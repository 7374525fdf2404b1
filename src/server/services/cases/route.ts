import type { TransactionSql } from '../../db/client';
import {
	planSteps,
	resubmitOrdinal,
	type PlannedStep,
	type ResubmitTarget,
	type ReviewLevel,
	type RouteFacts
} from '$lib/domain/case-status';
import type { CaseKind } from '$lib/domain/sync';
import { ownerOf } from '$lib/domain/modules/module-set';
import type { BasicInfo, DeclarationInfo } from '$lib/domain/modules/catalog';
import {
	servesRegion,
	type HistoricalCertificate,
	type ReissueRequest
} from '$lib/domain/certificates';
import { holderOf } from './holder';
import { appendEvent } from './events';

const UNIT_TABLE: Record<ReviewLevel, string> = {
	unit: 'work_units',
	department: 'departments',
	hr: 'declaration_points',
	committee: 'committees',
	accepting: 'accepting_departments'
};

/** The name shown for a level's holder: the applicant sees the unit, never a person. */
export async function unitName(
	tx: TransactionSql,
	level: ReviewLevel,
	id: string
): Promise<string> {
	const [row] = await tx<{ name: string }[]>`
		select name from ${tx(UNIT_TABLE[level])} where id = ${id}`;
	return row?.name ?? id;
}

/** The 申报点 of a region: its 设区市's (a county's city, or the province's own), not retired. */
async function declarationPointOf(tx: TransactionSql, regionCode: string | null) {
	if (!regionCode || regionCode.length < 4) return null;
	const [row] = await tx<{ id: string }[]>`
		select id from declaration_points
		where left(region_code, 4) = ${regionCode.slice(0, 4)} and retired_at is null
		order by region_code limit 1`;
	return row?.id ?? null;
}

export async function routeFacts(
	tx: TransactionSql,
	kind: CaseKind,
	modules: Record<string, unknown>
): Promise<RouteFacts> {
	if (kind === 'historical' || kind === 'reissue')
		return certificateServiceFacts(tx, kind, modules);
	const basic = (modules.basic_info ?? {}) as BasicInfo;
	const info = (modules.declaration_info ?? null) as DeclarationInfo | null;
	const owner = ownerOf(kind, info);
	return {
		workUnitId: basic.workUnitId || null,
		departmentId: basic.departmentId || null,
		declarationPointId: await declarationPointOf(tx, basic.regionCode ?? null),
		committeeId: owner?.ownerType === 'committee' ? owner.ownerId : null,
		acceptingDepartmentId: owner?.ownerType === 'accepting_department' ? owner.ownerId : null
	};
}

/**
 * 历史职称数据登记 goes to the 申报点 of the issuing authority's region; 补办 to the 所属申报点
 * chosen, when it serves the chosen region (提交 refuses any other, see submit-rules).
 */
async function certificateServiceFacts(
	tx: TransactionSql,
	kind: 'historical' | 'reissue',
	modules: Record<string, unknown>
): Promise<RouteFacts> {
	const none = {
		workUnitId: null,
		departmentId: null,
		committeeId: null,
		acceptingDepartmentId: null
	};
	if (kind === 'historical') {
		const cert = (modules.historical_certificate ?? {}) as HistoricalCertificate;
		return { ...none, declarationPointId: await declarationPointOf(tx, cert.regionCode ?? null) };
	}
	const request = (modules.reissue_request ?? {}) as ReissueRequest;
	const [point] = await tx<{ id: string; regionCode: string }[]>`
		select id, region_code from declaration_points
		where id = ${request.declarationPointId ?? ''} and retired_at is null`;
	const ok = !!point && !!request.regionCode && servesRegion(point.regionCode, request.regionCode);
	return { ...none, declarationPointId: ok ? point.id : null };
}

/** The kind's configured levels and where a resubmission goes (read at 提交). */
async function workflowOf(tx: TransactionSql, kind: CaseKind) {
	const [row] = await tx<{ levels: ReviewLevel[]; resubmitTo: ResubmitTarget }[]>`
		select levels, resubmit_to from review_workflows where kind = ${kind}`;
	return row ?? null;
}

/** Moves a case to a step: the step becomes current and the case's holder follows it. */
export async function enterStep(
	tx: TransactionSql,
	caseId: string,
	step: { ordinal: number; level: ReviewLevel; scopeId: string }
): Promise<void> {
	await tx`update review_steps set state = 'current', decided_at = null
		where case_id = ${caseId} and ordinal = ${step.ordinal}`;
	await tx`update cases set status = 'submitted', current_ordinal = ${step.ordinal},
			current_holder = ${holderOf(step.level, step.scopeId)}, current_since = now(),
			updated_at = now(), change_seq = nextval('change_seq')
		where id = ${caseId}`;
}

export type StartOutcome = { ok: true; steps: PlannedStep[] } | { ok: false };

/**
 * 提交 of a draft: the steps are fixed now (a later configuration change does not reroute the
 * case), the case goes to the first and a 'submit' event carries its 办件编号.
 */
export async function startReview(
	tx: TransactionSql,
	caseId: string,
	kind: CaseKind,
	modules: Record<string, unknown>,
	periodId: string | null
): Promise<StartOutcome> {
	const workflow = await workflowOf(tx, kind);
	if (!workflow) return { ok: false };
	const steps = planSteps(workflow.levels, await routeFacts(tx, kind, modules));
	const last = workflow.levels.at(-1);
	if (steps.length === 0 || steps.at(-1)!.level !== last) return { ok: false };
	for (const s of steps) {
		await tx`insert into review_steps (case_id, ordinal, level, scope_id, unit_name)
			values (${caseId}, ${s.ordinal}, ${s.level}, ${s.scopeId},
				${await unitName(tx, s.level, s.scopeId)})`;
	}
	const info = titleFacts(modules);
	const [row] = await tx<{ receiptNo: string }[]>`
		update cases set submitted_at = now(), series_id = ${info.seriesId ?? null},
			level_code = ${info.level ?? null}, specialty = ${info.specialty ?? null},
			period_id = ${periodId}, resubmit_to = ${workflow.resubmitTo},
			receipt_no = coalesce(receipt_no,
				'ZC' || to_char(now() at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('receipt_seq')::text, 6, '0'))
		where id = ${caseId} returning receipt_no`;
	await enterStep(tx, caseId, steps[0]!);
	await appendEvent(tx, { caseId, action: 'submit', receiptNo: row!.receiptNo, step: null });
	return { ok: true, steps };
}

/** Series, level and specialty the queue shows: as declared, or as on the registered certificate. */
function titleFacts(modules: Record<string, unknown>): DeclarationInfo {
	const cert = modules.historical_certificate as HistoricalCertificate | undefined;
	if (cert && !modules.declaration_info)
		return {
			seriesId: cert.seriesCode ?? null,
			level: cert.levelCode ?? null,
			specialty: cert.specialty ?? null
		};
	return (modules.declaration_info ?? {}) as DeclarationInfo;
}

/** 提交 of a returned case: back to the level that returned it (or the first, as configured). */
export async function resumeReview(tx: TransactionSql, caseId: string): Promise<void> {
	const [kase] = await tx<{ currentOrdinal: number; resubmitTo: ResubmitTarget | null }[]>`
		select current_ordinal, resubmit_to from cases where id = ${caseId}`;
	const ordinal = resubmitOrdinal(kase!.resubmitTo ?? 'returner', kase!.currentOrdinal);
	const [step] = await tx<
		{ ordinal: number; level: ReviewLevel; scopeId: string; unitName: string }[]
	>`
		select ordinal, level, scope_id, unit_name from review_steps
		where case_id = ${caseId} and ordinal = ${ordinal}`;
	if (ordinal !== kase!.currentOrdinal) {
		await tx`update review_steps set state = 'waiting', decided_at = null
			where case_id = ${caseId} and ordinal > ${ordinal}`;
	}
	await enterStep(tx, caseId, step!);
	await appendEvent(tx, { caseId, action: 'resubmit', step: step! });
}
