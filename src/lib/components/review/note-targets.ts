import { m } from '$lib/paraglide/messages.js';
import {
	fieldTitle,
	isModuleKey,
	MODULES,
	type ModuleKey,
	type Title
} from '$lib/domain/modules/catalog';
import type { CaseAttachmentView, ReturnNote } from '$lib/domain/review';
import type { CaseKind } from '$lib/domain/sync';
import { moduleFields } from '$lib/components/case/fields/view-fields';
import { rowIdOf, rowNameOf } from '$lib/components/case/fields/row-id';

type Locale = keyof Title;

export interface Choice {
	value: string;
	label: string;
}

/** Fields a note can point at: the ones the module's view shows (and asks its notes for). */
export function fieldChoices(module: ModuleKey, kind: CaseKind, locale: Locale): Choice[] {
	const fields: Choice[] = moduleFields(module, kind).map((f) => ({
		value: f.key,
		label: f.title[locale]
	}));
	if (module === 'basic_info')
		fields.push({
			value: 'photoAttachmentId',
			label: fieldTitle(module, 'photoAttachmentId')![locale]
		});
	if (module === 'work_summary')
		fields.push({ value: 'text', label: MODULES[module].title[locale] });
	return fields;
}

const ROW_LISTS: Partial<Record<ModuleKey, string>> = {
	education: 'records',
	work_history: 'rows',
	achievements: 'rows',
	publications: 'rows',
	awards: 'rows',
	continuing_education: 'rows',
	annual_review: 'rows',
	other_materials: 'items'
};

/** Rows a note can point at, by the id the applicant's screens look the note up with. */
export function rowChoices(module: ModuleKey, data: Record<string, unknown> | undefined): Choice[] {
	const list = ROW_LISTS[module];
	const rows = list && data ? data[list] : null;
	if (!Array.isArray(rows)) return [];
	return rows.map((row: unknown, i) => {
		const r = (row && typeof row === 'object' ? row : {}) as Record<string, unknown>;
		const name = rowNameOf(r);
		return {
			value: rowIdOf(r, i),
			label: m.rd_row_n({ n: i + 1 }) + (name ? ` · ${name}` : '')
		};
	});
}

export function attachmentChoices(module: string, files: readonly CaseAttachmentView[]): Choice[] {
	return files.filter((f) => f.module === module).map((f) => ({ value: f.id, label: f.name }));
}

/** Where a note points, in words: 「学历学位信息 · 第 1 条 · 毕业院校」. */
export function notePlace(
	note: Pick<ReturnNote, 'module' | 'field' | 'rowId' | 'attachmentId'>,
	kind: CaseKind,
	data: Record<string, Record<string, unknown>>,
	files: readonly CaseAttachmentView[],
	locale: Locale
): string {
	if (!isModuleKey(note.module)) return note.module;
	const parts = [MODULES[note.module].title[locale]];
	if (note.rowId) {
		const row = rowChoices(note.module, data[note.module]).find((r) => r.value === note.rowId);
		parts.push(row?.label ?? note.rowId);
	}
	if (note.field) {
		const field = fieldChoices(note.module, kind, locale).find((f) => f.value === note.field);
		parts.push(field?.label ?? fieldTitle(note.module, note.field)?.[locale] ?? note.field);
	}
	if (note.attachmentId) {
		parts.push(files.find((f) => f.id === note.attachmentId)?.name ?? m.rd_note_attachment());
	}
	return parts.join(' · ');
}
