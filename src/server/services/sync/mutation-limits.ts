import type { TransactionSql } from '../../db/client';
import type { Mutation, MutationResult } from '$lib/domain/sync';
import { isModuleKey, type DeclarationInfo, type ModuleKey } from '$lib/domain/modules/catalog';
import { ownerOf } from '$lib/domain/modules/module-set';
import { MODULE_BUDGET_FLOOR, moduleBudget } from '$lib/domain/modules/payload-budget';
import { errorMessage, type ErrorCode } from '$lib/i18n/errors';
import type { Locale } from '$lib/i18n/locale';
import { findModuleSet } from '../reference';

type Refusal = Extract<MutationResult, { status: 'rejected' }>;

/**
 * What bounds the storage one person can take through `sync.push`, checked before a mutation of
 * their editable case is applied: module names only from the catalog, a save no larger than its
 * module's budget under the case's module set, a file attached only to the case it was uploaded
 * for. Null: within bounds.
 */
export async function limitRefusal(
	tx: TransactionSql,
	m: Mutation,
	locale: Locale
): Promise<Refusal | null> {
	const refuse = (code: ErrorCode): Refusal => ({
		id: m.id,
		status: 'rejected',
		code: 'invalid',
		reason: errorMessage(code, locale)
	});
	if (!('module' in m)) return null;
	if (!isModuleKey(m.module)) return refuse('sync_module_unknown');
	if (m.op === 'module.save') {
		const size = JSON.stringify(m.payload.data).length;
		if (size > MODULE_BUDGET_FLOOR && size > (await budgetOf(tx, m.caseId, m.module))) {
			return refuse('sync_module_too_large');
		}
	}
	if (m.op === 'file.attach') {
		const [upload] = await tx<{ caseId: string | null }[]>`
			select case_id from uploads where id = ${m.payload.attachmentId}`;
		if (upload && upload.caseId !== m.caseId) return refuse('sync_attachment_other_case');
	}
	return null;
}

/** The module's budget under the module set the case's 申报基本信息 chooses (if any yet). */
async function budgetOf(tx: TransactionSql, caseId: string, key: ModuleKey): Promise<number> {
	const [row] = await tx<{ kind: string; info: DeclarationInfo | null }[]>`
		select c.kind, m.data as info from cases c
		left join case_modules m on m.case_id = c.id and m.module = 'declaration_info'
		where c.id = ${caseId}`;
	const owner = row ? ownerOf(row.kind, row.info) : null;
	// A year no set can have (nor the column hold) has no set.
	const set = owner && Math.abs(owner.year) < 10_000 ? await findModuleSet(tx, owner) : null;
	return moduleBudget(key, set?.modules.find((e) => e.key === key)?.limits);
}
