import type { Sql } from '../../db/client';
import { MODULE_KEYS, isModuleKey, type ModuleKey } from '$lib/domain/modules/catalog-core';
import type { CaseKind, CaseStatus } from '$lib/domain/sync-limits';
import { editorView, isDone, type Lock } from '$lib/components/case/editor-state';
import type { EditorPreview } from '$lib/components/case/editor-preview';
import { referenceBundle } from '../reference';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SENT: readonly CaseStatus[] = ['submitted', 'approved', 'rejected'];

/**
 * The editor's head and module list as the server's copy of the case has them, for its owner
 * only (anyone else, or no such case: null). The same rules as the editor's own view
 * (`editorView`, `isDone`), so the device store's version that replaces it looks the same.
 */
export async function editorPreview(
	sql: Sql,
	applicantId: string,
	caseId: string
): Promise<EditorPreview | null> {
	if (!UUID.test(caseId)) return null;
	const [kase] = await sql<{ kind: CaseKind; status: CaseStatus; receiptNo: string | null }[]>`
		select kind, status, receipt_no from cases
		where id = ${caseId} and applicant_id = ${applicantId}`;
	if (!kase) return null;
	const [modules, attached, bundle] = await Promise.all([
		sql<{ module: string; data: Record<string, unknown> }[]>`
			select module, data from case_modules where case_id = ${caseId}`,
		sql<{ id: string }[]>`
			select id from attachments where case_id = ${caseId} and status <> 'detached'`,
		referenceBundle(sql)
	]);
	const data: Record<string, Record<string, unknown>> = Object.fromEntries(
		MODULE_KEYS.map((k) => [k, {}])
	);
	// What the server holds of 申报基本信息 was saved, whoever sent it.
	let declSaved = false;
	for (const m of modules) {
		if (!isModuleKey(m.module)) continue;
		data[m.module] = m.data ?? {};
		if (m.module === 'declaration_info') declSaved = true;
	}
	const view = editorView(kase.kind, data, declSaved, bundle);
	const ctx = { attachments: new Set(attached.map((a) => a.id)), bundle, initialRules: null };
	const done = (key: ModuleKey, entry: Parameters<typeof isDone>[3]) =>
		isDone(kase.kind, key, data[key], entry, ctx);
	return {
		caseId,
		kind: kase.kind,
		status: kase.status,
		receiptNo: kase.receiptNo,
		saveState: SENT.includes(kase.status) ? 'submitted' : 'backed-up',
		lock: view.lock satisfies Lock,
		entries: view.entries.map((e) => ({ key: e.key, required: e.required, done: done(e.key, e) })),
		retained: view.retained.map((key) => ({ key, required: false, done: false }))
	};
}
