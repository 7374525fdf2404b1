import type { DeclarationInfo } from '$lib/domain/modules/catalog';
import type { LocalCase, ZhichengDB } from './db';
import { summarizeCases, type CaseSummary } from './save-state';

/** A row of 我的办件: the case's summary and what it declares (级别, 专业, 受理部门), if chosen. */
export interface CaseRow extends CaseSummary {
	declaration: Partial<DeclarationInfo> | null;
}

/** A draft nobody wrote into is not a case yet (writes.ts): no list or count shows it. */
export function isKept(c: Pick<LocalCase, 'untouched'>): boolean {
	return c.untouched !== true;
}

/** The device's cases, untouched drafts left out. */
export function keptCases(db: ZhichengDB): Promise<LocalCase[]> {
	return db.cases.filter(isKept).toArray();
}

export async function caseRows(db: ZhichengDB): Promise<CaseRow[]> {
	const [cases, infos] = await Promise.all([
		summarizeCases(db),
		db.modules.filter((m) => m.module === 'declaration_info').toArray()
	]);
	const byCase = new Map(infos.map((m) => [m.caseId, m.data as Partial<DeclarationInfo>]));
	return cases.filter(isKept).map((c) => ({ ...c, declaration: byCase.get(c.id) ?? null }));
}
