import type { TransactionSql } from '../db/client';
import { CASE_STATUSES, type RejectionCode } from '$lib/domain/sync';
import { isOpen } from '$lib/domain/case-status';
import {
	MODULES,
	type BasicInfo,
	type DeclarationInfo,
	type Issue
} from '$lib/domain/modules/catalog';
import type { InitialRule } from '$lib/domain/modules/eligibility';
import {
	chinaDate,
	fixedModuleSet,
	isFixedKind,
	isPeriodOpen,
	ownerOf,
	validateCase,
	type FixedKind
} from '$lib/domain/modules/module-set';
import {
	isReissuable,
	type CertificateStatus,
	type ReissueRequest
} from '$lib/domain/certificates';
import { issuesReason } from '$lib/domain/modules/messages';
import { errorMessage } from '$lib/i18n/errors';
import type { Locale } from '$lib/i18n/locale';
import { educationRegistry } from './education-registry';
import { servingRegions } from '$lib/domain/reference-bundle';
import { findModuleSet, leafRegionCodes } from './reference';

export type SubmitVerdict =
	| { ok: true; moduleSetId: string | null; periodId: string | null }
	| { ok: false; code: RejectionCode; reason: string; issues: Issue[] };

/** Statuses of a case still in progress: one per applicant, kind and series. */
const OPEN_STATUSES = CASE_STATUSES.filter(isOpen);

function refuse(code: RejectionCode, issues: Issue[], locale: Locale): SubmitVerdict {
	const lead = errorMessage(`sync_${code}` as Parameters<typeof errorMessage>[0], locale);
	return { ok: false, code, reason: issuesReason(lead, issues, locale), issues };
}

/**
 * The server's rules for 提交 (the authority; the browser runs the same module rules for instant
 * feedback): the case's module set (owner + year from 申报基本信息) validates every module, the
 * owner's 申报期 must be open now, and the applicant has no other case of this kind and series in
 * progress. Reads only; the caller changes the case when this says ok. A returned case sent
 * back (`resubmission`) was submitted in its 申报期 already: a period closed since does not stop it.
 */
export async function checkSubmit(
	tx: TransactionSql,
	applicantId: string,
	caseId: string,
	locale: Locale = 'zh-CN',
	{ resubmission = false }: { resubmission?: boolean } = {}
): Promise<SubmitVerdict> {
	const [kase] = await tx<{ kind: string }[]>`select kind from cases where id = ${caseId}`;
	if (!kase)
		return {
			ok: false,
			code: 'not_found',
			reason: errorMessage('sync_not_found', locale),
			issues: []
		};
	const rows = await tx<{ module: string; data: unknown }[]>`
		select module, data from case_modules where case_id = ${caseId}`;
	const modules: Record<string, unknown> = Object.fromEntries(rows.map((r) => [r.module, r.data]));
	// 历史职称数据登记 and 补办: one fixed form each, no owner and no 申报期.
	if (isFixedKind(kase.kind)) {
		const issues = await checkCertificateService(tx, applicantId, caseId, kase.kind, modules);
		return issues.length
			? refuse('incomplete', issues, locale)
			: { ok: true, moduleSetId: null, periodId: null };
	}
	if (kase.kind !== 'initial' && kase.kind !== 'review') return refuse('incomplete', [], locale);
	const kind = kase.kind;

	const now = new Date();
	const info = (modules.declaration_info ?? null) as DeclarationInfo | null;
	const basic = (modules.basic_info ?? {}) as BasicInfo;
	const owner = ownerOf(kind, info);
	if (!owner) {
		const issues: Issue[] = MODULES.declaration_info.isEmpty(info)
			? [
					{
						module: 'declaration_info',
						code: 'module_required',
						params: { module: 'declaration_info' }
					}
				]
			: MODULES.declaration_info.validateForSubmit(info, {
					kind,
					required: true,
					attachments: new Set(),
					today: chinaDate(now)
				});
		return refuse(
			'incomplete',
			issues.length ? issues : [{ module: 'declaration_info', code: 'required' }],
			locale
		);
	}

	// 申报期: closes submissions, not drafts.
	const [period] = await tx<{ id: string; startsAt: Date; endsAt: Date }[]>`
		select id, starts_at, ends_at from declaration_periods
		where owner_kind = ${owner.ownerType} and owner_id = ${owner.ownerId}
			and starts_at <= ${now} and ends_at >= ${now}
		order by ends_at desc limit 1`;
	if (!resubmission && !isPeriodOpen(period ?? null, now)) {
		return {
			ok: false,
			code: 'period_closed',
			reason: errorMessage('sync_period_closed', locale),
			issues: [{ module: 'declaration_info', code: 'period_closed' }]
		};
	}

	const set = await findModuleSet(tx, owner);
	if (!set)
		return refuse(
			'incomplete',
			[{ module: 'declaration_info', code: 'module_set_missing' }],
			locale
		);

	const ownerIssues = await checkOwner(tx, owner, info!, basic);

	const [user] = await tx<{ idNumber: string | null }[]>`
		select id_number from users where id = ${applicantId}`;
	const registry = user?.idNumber ? await educationRegistry(tx).lookup(user.idNumber) : [];
	const registryCertNos = new Set(
		registry.flatMap((r) => [r.eduCertNo, r.degreeCertNo]).filter((n): n is string => !!n)
	);
	const initialRules =
		kind === 'initial'
			? await tx<InitialRule[]>`
				select city_code, education, min_years::float8 as min_years, target_level,
					to_char(graduated_until, 'YYYY-MM-DD') as graduated_until,
					to_char(valid_until, 'YYYY-MM-DD') as valid_until, note
				from initial_rules order by id`
			: undefined;

	const issues = [
		...ownerIssues,
		...validateCase(set, modules, {
			...(await attachedFiles(tx, caseId)),
			today: now,
			registryCertNos,
			leafRegions: await leafRegionCodes(tx),
			...(initialRules ? { initialRules } : {})
		})
	];
	if (issues.length > 0) return refuse('incomplete', issues, locale);

	const [other] = await tx<{ id: string }[]>`
		select c.id from cases c
		join case_modules m on m.case_id = c.id and m.module = 'declaration_info'
		where c.applicant_id = ${applicantId} and c.kind = ${kind} and c.id <> ${caseId}
			and c.status = any(${OPEN_STATUSES}) and m.data ->> 'seriesId' = ${info!.seriesId ?? ''}
		limit 1`;
	if (other) {
		return {
			ok: false,
			code: 'duplicate_case',
			reason: errorMessage('sync_duplicate_case', locale),
			issues: [{ module: 'declaration_info', field: 'seriesId', code: 'case_open_exists' }]
		};
	}
	return { ok: true, moduleSetId: set.id, periodId: period?.id ?? null };
}

/** The chosen committee / accepting department exists and takes this region, series, level, specialty. */
async function checkOwner(
	tx: TransactionSql,
	owner: NonNullable<ReturnType<typeof ownerOf>>,
	info: DeclarationInfo,
	basic: BasicInfo
): Promise<Issue[]> {
	const mismatch: Issue[] = [
		{
			module: 'declaration_info',
			field: owner.ownerType === 'committee' ? 'committeeId' : 'acceptingDepartmentId',
			code: 'declaration_owner_mismatch'
		}
	];
	const region = basic.regionCode ?? null;
	if (owner.ownerType === 'committee') {
		const [c] = await tx<
			{ regionCode: string; seriesId: string; levelCodes: string[]; specialties: string[] }[]
		>`
			select region_code, series_id, level_codes, specialties from committees where id = ${owner.ownerId}`;
		if (!c) return mismatch;
		const ok =
			(!info.seriesId || c.seriesId === info.seriesId) &&
			(!info.level || c.levelCodes.includes(info.level)) &&
			(!info.specialty || c.specialties.includes(info.specialty)) &&
			(!region || servingRegions(region, true).includes(c.regionCode));
		return ok ? [] : mismatch;
	}
	const [d] = await tx<{ regionCode: string; seriesId: string | null }[]>`
		select region_code, series_id from accepting_departments where id = ${owner.ownerId}`;
	if (!d) return mismatch;
	const ok =
		(!info.seriesId || d.seriesId === null || d.seriesId === info.seriesId) &&
		(!region || servingRegions(region, false).includes(d.regionCode));
	return ok ? [] : mismatch;
}

/**
 * The certificate services' form: its fixed modules (材料上传 PDF only), 所属申报点 of the
 * region, and for 补办 a certificate of the applicant's own that is not already superseded.
 */
async function checkCertificateService(
	tx: TransactionSql,
	applicantId: string,
	caseId: string,
	kind: FixedKind,
	modules: Record<string, unknown>
): Promise<Issue[]> {
	const declarationPoints = await tx<{ id: string; regionCode: string }[]>`
		select id, region_code from declaration_points where retired_at is null`;
	const issues = validateCase(fixedModuleSet(kind)!, modules, {
		...(await attachedFiles(tx, caseId)),
		today: new Date(),
		leafRegions: await leafRegionCodes(tx),
		declarationPoints
	});
	const request = (modules.reissue_request ?? {}) as ReissueRequest;
	if (kind !== 'reissue' || !request.certificateId) return issues;
	const [cert] = await tx<{ status: CertificateStatus }[]>`
		select status from certificates
		where id::text = ${request.certificateId} and holder_id = ${applicantId}`;
	if (!cert)
		issues.push({
			module: 'reissue_request',
			field: 'certificateId',
			code: 'certificate_not_found'
		});
	else if (!isReissuable(cert.status))
		issues.push({
			module: 'reissue_request',
			field: 'certificateId',
			code: 'certificate_not_reissuable'
		});
	const [other] = await tx<{ id: string }[]>`
		select c.id from cases c
		join case_modules m on m.case_id = c.id and m.module = 'reissue_request'
		where c.applicant_id = ${applicantId} and c.kind = 'reissue' and c.id <> ${caseId}
			and c.status = any(${OPEN_STATUSES}) and m.data ->> 'certificateId' = ${request.certificateId}
		limit 1`;
	if (other)
		issues.push({ module: 'reissue_request', field: 'certificateId', code: 'reissue_open_exists' });
	return issues;
}

/** The case's attached files, and which of them are PDFs and which JPEG or PNG images. */
async function attachedFiles(tx: TransactionSql, caseId: string) {
	const attached = await tx<{ id: string; mime: string | null }[]>`
		select a.id, u.mime from attachments a left join uploads u on u.id = a.id
		where a.case_id = ${caseId} and a.status = 'attached'`;
	const ids = (test: (mime: string | null) => boolean) =>
		new Set(attached.filter((a) => test(a.mime)).map((a) => a.id));
	return {
		attachments: ids(() => true),
		pdfAttachments: ids((mime) => mime === 'application/pdf'),
		imageAttachments: ids((mime) => mime === 'image/jpeg' || mime === 'image/png')
	};
}
