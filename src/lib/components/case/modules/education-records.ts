import type { EducationRecord, Issue } from '$lib/domain/modules/catalog';

/**
 * The list logic of 学历学位信息 (manual ch. 2 §三 5, ch. 3 §三 5): records found by 自动获取
 * (source 'registry', no uploads) and records added by hand (source 'manual', each certificate
 * number with its uploaded file).
 */

export type CertKind = 'edu' | 'degree';

/** The certificate slots of a manual record: number field, attachment field, upload slot. */
export const CERTS = [
	{ kind: 'edu', no: 'eduCertNo', file: 'eduCertAttachmentId', slot: 'edu_cert' },
	{ kind: 'degree', no: 'degreeCertNo', file: 'degreeCertAttachmentId', slot: 'degree_cert' }
] as const;

/** Today's date in Asia/Shanghai, YYYY-MM-DD (the date the rules compare with). */
export function todayInShanghai(now: Date = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Asia/Shanghai',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(now);
}

function clean(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

/** The records of a draft's data, whatever shape it is in (a fresh draft has none). */
export function recordsOf(data: Record<string, unknown>): EducationRecord[] {
	const records = data.records;
	return Array.isArray(records)
		? records.filter((r): r is EducationRecord => typeof r === 'object' && r !== null)
		: [];
}

/**
 * What makes two records the same study: a certificate number in common, or (when neither has
 * one) the same school, education and graduation date.
 */
export function sameRecord(a: EducationRecord, b: EducationRecord): boolean {
	const numbersA = [clean(a.eduCertNo), clean(a.degreeCertNo)].filter(Boolean);
	const numbersB = [clean(b.eduCertNo), clean(b.degreeCertNo)].filter(Boolean);
	if (numbersA.some((n) => numbersB.includes(n))) return true;
	if (numbersA.length > 0 && numbersB.length > 0) return false;
	return (
		clean(a.school) === clean(b.school) &&
		clean(a.education) === clean(b.education) &&
		clean(a.graduatedOn) === clean(b.graduatedOn)
	);
}

export interface MergeResult {
	records: EducationRecord[];
	/** How many registry records were new. */
	added: number;
}

/**
 * 自动获取 found `found`: adds those not yet in the list (a repeated 自动获取 adds nothing).
 * A manual record of the same study is replaced by the registry's (it needs no uploads then);
 * `replaced` lists the manual records dropped, whose files the caller releases.
 */
export function mergeRegistry(
	existing: readonly EducationRecord[],
	found: readonly EducationRecord[]
): MergeResult & { replaced: EducationRecord[] } {
	const records = [...existing];
	const replaced: EducationRecord[] = [];
	let added = 0;
	for (const raw of found) {
		const record: EducationRecord = { ...raw, source: 'registry' };
		const index = records.findIndex((r) => sameRecord(r, record));
		const existing = records[index];
		if (!existing) {
			records.push(record);
			added++;
		} else if (existing.source !== 'registry') {
			replaced.push(existing);
			records[index] = record;
			added++;
		}
	}
	return { records, added, replaced };
}

/** A new manual record for the 添加 form. */
export function emptyManualRecord(): EducationRecord {
	return {
		source: 'manual',
		school: '',
		major: '',
		education: '',
		degree: '',
		graduatedOn: '',
		studyMode: '',
		eduCertNo: '',
		degreeCertNo: '',
		eduCertAttachmentId: null,
		degreeCertAttachmentId: null
	};
}

/**
 * The record as 保存 keeps it: text trimmed, empty text as null, and a certificate whose number
 * was cleared loses its file too.
 */
export function normalizeRecord(record: EducationRecord): EducationRecord {
	const out: EducationRecord = { ...record, source: record.source ?? 'manual' };
	for (const key of [
		'school',
		'major',
		'education',
		'degree',
		'graduatedOn',
		'studyMode',
		'eduCertNo',
		'degreeCertNo'
	] as const) {
		const v = clean(record[key]);
		out[key] = v === '' ? null : v;
	}
	for (const cert of CERTS) {
		if (!out[cert.no] || !clean(out[cert.file])) out[cert.file] = null;
	}
	return out;
}

/** 添加 (index null) or 修改 (index of the record) after 保存. */
export function putRecord(
	records: readonly EducationRecord[],
	index: number | null,
	record: EducationRecord
): EducationRecord[] {
	if (index === null || index < 0 || index >= records.length) return [...records, record];
	return records.map((r, i) => (i === index ? record : r));
}

export function removeRecord(
	records: readonly EducationRecord[],
	index: number
): EducationRecord[] {
	return records.filter((_, i) => i !== index);
}

/** The attachment ids a record holds. */
export function attachmentIdsOf(record: EducationRecord): string[] {
	return CERTS.map((c) => clean(record[c.file])).filter(Boolean);
}

/** Issues keyed by their field's last segment ('records.0.eduCertNo' → 'eduCertNo'). */
export function issuesByField(issues: readonly Issue[]): Map<string, Issue[]> {
	const out = new Map<string, Issue[]>();
	for (const issue of issues) {
		const key = issue.field?.split('.').at(-1) ?? '';
		out.set(key, [...(out.get(key) ?? []), issue]);
	}
	return out;
}
