import type { Sql } from '../db/client';
import { MODULE_KEYS, isModuleKey, type DeclarationInfo } from '$lib/domain/modules/catalog';
import { ownerOf } from '$lib/domain/modules/module-set';
import { declarationFormPdf, FORM_TITLES, type ReferenceNames } from '../pdf/declaration-form';
import { personalPledgeTemplate, unitConsentTemplate } from '../pdf/templates';
import { findModuleSet } from './reference';
import { isUuid } from '../files/uploads';
import { caseForReviewer, type ReviewerScope } from './cases/access';
import { audit } from './review/audit';

export interface RenderedPdf {
	pdf: Uint8Array;
	filename: string;
}

const text = (value: unknown): string | null =>
	typeof value === 'string' && value.trim() ? value.trim() : null;

function record(value: unknown): Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: {};
}

async function referenceNames(
	sql: Sql,
	basic: Record<string, unknown>,
	info: Record<string, unknown>
): Promise<ReferenceNames> {
	const [region, nature, dept, series, level, committee, accepting] = [
		text(basic.regionCode),
		text(basic.unitNature),
		text(basic.departmentId),
		text(info.seriesId),
		text(info.level),
		text(info.committeeId),
		text(info.acceptingDepartmentId)
	];
	// 鼓楼区 is in both 南京 and 徐州: the region shows with its 设区市.
	const [row] = await sql<ReferenceNames[]>`
		select
			(select case when r.name like p.name || '%' then r.name else concat(p.name, r.name) end
				from regions r left join regions p on p.code = r.parent_code and p.level = 1
				where r.code = ${region}) as region,
			(select name from unit_natures where code = ${nature}) as unit_nature,
			(select name from departments where id = ${dept}) as department,
			(select name from title_series where id = ${series}) as series,
			(select name from title_levels where code = ${level}) as level,
			(select name from title_names where series_id = ${series} and level_code = ${level}) as title,
			(select name from committees where id = ${committee}) as committee,
			(select name from accepting_departments where id = ${accepting}) as accepting_department`;
	return row!;
}

/** Whose 申报表 may be rendered: the applicant's own, or any case a reviewer may see. */
export type FormReader = { applicantId: string } | { reviewerId: string; scopes: ReviewerScope[] };

/**
 * The 申报表 of a 评审 or 初定 case, or null when the reader may not see it (someone else's case
 * looks the same as a missing one). A reviewer's read is audited.
 */
export async function declarationFormFor(
	sql: Sql,
	reader: FormReader | string,
	caseId: string,
	now = new Date()
): Promise<RenderedPdf | null> {
	if (!isUuid(caseId)) return null;
	const who = typeof reader === 'string' ? { applicantId: reader } : reader;
	let applicantId: string;
	if ('applicantId' in who) applicantId = who.applicantId;
	else {
		const kase = await caseForReviewer(sql, caseId, who.scopes);
		if (!kase) return null;
		applicantId = kase.applicantId;
		await audit(sql, { actorId: who.reviewerId, action: 'form.read', subject: `case:${caseId}` });
	}
	const [kase] = await sql<
		{ kind: string; status: string; receiptNo: string | null; name: string; idNumber: string }[]
	>`
		select c.kind, c.status, c.receipt_no, u.name, u.id_number
		from cases c join users u on u.id = c.applicant_id
		where c.id = ${caseId} and c.applicant_id = ${applicantId}`;
	if (!kase || (kase.kind !== 'review' && kase.kind !== 'initial')) return null;
	const kind = kase.kind;

	const [moduleRows, fileRows] = await Promise.all([
		sql<{ module: string; data: unknown }[]>`
			select module, data from case_modules where case_id = ${caseId}`,
		sql<{ id: string; name: string }[]>`
			select a.id, u.name from attachments a join uploads u on u.id = a.id
			where a.case_id = ${caseId} and a.status = 'attached'`
	]);
	const modules = new Map(moduleRows.map((r) => [r.module, r.data]));
	const basic = record(modules.get('basic_info'));
	const info = record(modules.get('declaration_info'));

	const owner = ownerOf(kind, info as DeclarationInfo);
	const set = owner ? await findModuleSet(sql, owner) : null;
	const keys = set ? set.modules.map((m) => m.key).filter(isModuleKey) : [...MODULE_KEYS];

	const pdf = await declarationFormPdf({
		kind,
		status: kase.status,
		receiptNo: kase.receiptNo,
		applicant: { name: kase.name, idNumber: kase.idNumber },
		sections: keys.map((key) => ({ key, data: modules.get(key) ?? null })),
		names: await referenceNames(sql, basic, info),
		files: Object.fromEntries(fileRows.map((f) => [f.id, f.name])),
		printedAt: now
	});
	return { pdf, filename: `${FORM_TITLES[kind]}-${kase.receiptNo ?? kase.name}.pdf` };
}

/** 模板下载 of 单位公示及结果报告证明, by URL name. */
export const TEMPLATES = {
	'unit-consent': { title: '单位同意申报证明', render: unitConsentTemplate },
	'personal-pledge': { title: '个人承诺书', render: personalPledgeTemplate }
} as const;
export type TemplateName = keyof typeof TEMPLATES;

export function isTemplateName(name: string): name is TemplateName {
	return Object.hasOwn(TEMPLATES, name);
}

/** A template filled in with the applicant's name, masked ID number and work unit. */
export async function templateFor(
	sql: Sql,
	applicantId: string,
	name: TemplateName
): Promise<RenderedPdf | null> {
	const [user] = await sql<{ name: string; idNumber: string | null; unitName: string | null }[]>`
		select u.name, u.id_number, w.name as unit_name
		from users u left join work_units w on w.id = u.work_unit_id where u.id = ${applicantId}`;
	if (!user?.idNumber) return null;
	const { title, render } = TEMPLATES[name];
	const pdf = await render({ name: user.name, idNumber: user.idNumber, unitName: user.unitName });
	return { pdf, filename: `${title}-${user.name}.pdf` };
}
