import type { TransactionSql } from '../../db/client';
import {
	issuanceOf,
	issuedByProvince,
	predecessorStatusAfter,
	REISSUE_TYPES,
	type CertificatePrintedFields,
	type HistoricalCertificate,
	type ReissueRequest,
	type ReissueType
} from '$lib/domain/certificates';
import { LEVEL_CODES, type LevelCode } from '$lib/domain/modules/catalog';
import { maskIdNumber } from '$lib/domain/mask';
import type { CaseKind } from '$lib/domain/sync';
import { isUuid } from '../../files/uploads';
import { notifyApplicant } from '../cases/events';
import { publishKey, signingKey } from './keys';
import { allocateNumber } from './numbering';
import { signedText } from './signed-fields';
import { sm2Sign } from './sm2';

/** Why a last 通过 cannot issue its certificate (the action is refused, nothing written). */
export type IssuanceRefusal = 'review_certificate_incomplete' | 'review_certificate_predecessor';

/** Everything the certificate row will hold but its number and signature. */
export interface IssuancePlan extends Omit<CertificatePrintedFields, 'certNo' | 'issuedOn'> {
	caseId: string;
	kind: CaseKind;
	holderId: string;
	photoUploadId: string | null;
	seriesId: string | null;
	seriesCode: number;
	levelCode: LevelCode;
	regionCode: string | null;
	predecessor: { id: string; type: ReissueType } | null;
}

type Plan = { ok: true; plan: IssuancePlan } | { ok: false; code: IssuanceRefusal };

const PROVINCE_AUTHORITY = '江苏省人力资源和社会保障厅';

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const isLevel = (v: unknown): v is LevelCode => LEVEL_CODES.includes(v as LevelCode);
const isDate = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null);

interface Names {
	seriesName: string | null;
	seriesSort: number | null;
	levelName: string | null;
	titleName: string | null;
	cityName: string | null;
	committeeName: string | null;
	acceptingName: string | null;
}

async function namesOf(
	tx: TransactionSql,
	f: {
		series: string | null;
		level: string | null;
		region: string | null;
		committee?: string | null;
		accepting?: string | null;
	}
): Promise<Names> {
	const city = f.region && /^\d{4}/.test(f.region) ? `${f.region.slice(0, 4)}00` : null;
	const [row] = await tx<Names[]>`
		select (select name from title_series where id = ${f.series}) as series_name,
			(select sort from title_series where id = ${f.series}) as series_sort,
			(select name from title_levels where code = ${f.level}) as level_name,
			(select name from title_names where series_id = ${f.series} and level_code = ${f.level})
				as title_name,
			(select name from regions where code = ${city} and kind = 'city') as city_name,
			(select name from committees where id = ${f.committee ?? null}) as committee_name,
			(select name from accepting_departments where id = ${f.accepting ?? null}) as accepting_name`;
	return row!;
}

/** 高级 → the province's 人社厅; 中级/初级 → the 设区市's 人社局 (domain §4.1). */
function authorityOf(level: LevelCode, cityName: string | null): string {
	return issuedByProvince(level) || !cityName
		? PROVINCE_AUTHORITY
		: `${cityName}人力资源和社会保障局`;
}

/** A 证件照 only when it is a verified upload of the holder's. */
async function photoOf(tx: TransactionSql, holderId: string, id: unknown): Promise<string | null> {
	if (!isUuid(id)) return null;
	const [row] = await tx<{ id: string }[]>`
		select id from uploads where id = ${id} and owner_id = ${holderId} and status = 'verified'`;
	return row?.id ?? null;
}

const record = (v: unknown): Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * What the last 通过 of this case will issue, read (and the predecessor locked) before anything
 * is written, so a case that cannot issue is refused whole.
 */
export async function planIssuance(
	tx: TransactionSql,
	caseId: string,
	approvalNo: string | null
): Promise<Plan> {
	const [kase] = await tx<
		{ kind: CaseKind; holderId: string; holderName: string; idNumber: string | null }[]
	>`
		select c.kind, u.id as holder_id, u.name as holder_name, u.id_number
		from cases c join users u on u.id = c.applicant_id where c.id = ${caseId}`;
	if (!kase) return { ok: false, code: 'review_certificate_incomplete' };
	const rows = await tx<{ module: string; data: unknown }[]>`
		select module, data from case_modules where case_id = ${caseId}`;
	const modules = new Map(rows.map((r) => [r.module, record(r.data)]));
	const holder = {
		caseId,
		kind: kase.kind,
		holderId: kase.holderId,
		holderName: kase.holderName,
		idNumberMasked: maskIdNumber(kase.idNumber ?? '')
	};
	if (kase.kind === 'historical') {
		return planHistorical(tx, holder, modules.get('historical_certificate') ?? {});
	}
	if (kase.kind === 'reissue') {
		return planReissue(tx, holder, modules.get('reissue_request') ?? {});
	}
	const basic = modules.get('basic_info') ?? {};
	const info = modules.get('declaration_info') ?? {};
	const level = info.level;
	const region = text(basic.regionCode);
	const names = await namesOf(tx, {
		series: text(info.seriesId),
		level: text(level),
		region,
		committee: kase.kind === 'review' ? text(info.committeeId) : null,
		accepting: kase.kind === 'initial' ? text(info.acceptingDepartmentId) : null
	});
	if (!isLevel(level) || !names.seriesName || !names.levelName || !names.titleName) {
		return { ok: false, code: 'review_certificate_incomplete' };
	}
	return {
		ok: true,
		plan: {
			...holder,
			source: kase.kind,
			photoUploadId: await photoOf(tx, kase.holderId, basic.photoAttachmentId),
			seriesId: text(info.seriesId),
			seriesName: names.seriesName,
			seriesCode: Math.floor((names.seriesSort ?? 0) / 10),
			levelCode: level,
			levelName: names.levelName,
			titleName: names.titleName,
			specialty: text(info.specialty),
			committeeName: names.committeeName ?? names.acceptingName,
			approvalNo,
			approvedOn: await todayInChina(tx),
			issuingAuthority: authorityOf(level, names.cityName),
			regionCode: region,
			managementNo: null,
			oldCertificateNo: null,
			predecessor: null
		}
	};
}

type Holder = Pick<IssuancePlan, 'caseId' | 'kind' | 'holderId' | 'holderName' | 'idNumberMasked'>;

async function planHistorical(
	tx: TransactionSql,
	holder: Holder,
	data: HistoricalCertificate
): Promise<Plan> {
	const region = text(data.regionCode);
	const names = await namesOf(tx, {
		series: text(data.seriesCode),
		level: text(data.levelCode),
		region
	});
	const titleName = text(data.titleName) ?? names.titleName;
	if (!isLevel(data.levelCode) || !names.seriesName || !names.levelName || !titleName) {
		return { ok: false, code: 'review_certificate_incomplete' };
	}
	return {
		ok: true,
		plan: {
			...holder,
			source: null,
			photoUploadId: await photoOf(tx, holder.holderId, data.photoAttachmentId),
			seriesId: text(data.seriesCode),
			seriesName: names.seriesName,
			seriesCode: Math.floor((names.seriesSort ?? 0) / 10),
			levelCode: data.levelCode,
			levelName: names.levelName,
			titleName,
			specialty: text(data.specialty),
			committeeName: text(data.committeeName),
			approvalNo: text(data.approvalNo),
			approvedOn: isDate(text(data.approvedOn)),
			issuingAuthority: text(data.issuingAuthority) ?? authorityOf(data.levelCode, names.cityName),
			regionCode: region,
			managementNo: text(data.managementNo),
			oldCertificateNo: text(data.oldCertificateNo),
			predecessor: null
		}
	};
}

interface Predecessor extends Omit<
	CertificatePrintedFields,
	'certNo' | 'holderName' | 'idNumberMasked' | 'issuedOn'
> {
	id: string;
	seriesId: string | null;
	seriesSort: number | null;
	levelCode: LevelCode;
	regionCode: string | null;
	photoUploadId: string | null;
}

async function planReissue(
	tx: TransactionSql,
	holder: Holder,
	data: ReissueRequest
): Promise<Plan> {
	const type = data.businessType;
	if (!isUuid(data.certificateId) || !REISSUE_TYPES.includes(type as ReissueType)) {
		return { ok: false, code: 'review_certificate_predecessor' };
	}
	const [p] = await tx<Predecessor[]>`
		select c.id, c.source, c.series_id, c.series_name, s.sort as series_sort, c.level_code,
			c.level_name, c.title_name, c.specialty, c.committee_name, c.approval_no,
			to_char(c.approved_on, 'YYYY-MM-DD') as approved_on, c.issuing_authority, c.region_code,
			c.management_no, c.old_certificate_no, c.photo_upload_id
		from certificates c left join title_series s on s.id = c.series_id
		where c.id = ${data.certificateId} and c.holder_id = ${holder.holderId}
			and c.status in ('valid', 'historical') and c.successor_id is null
		for update of c`;
	if (!p) return { ok: false, code: 'review_certificate_predecessor' };
	const source =
		data.declarationType === 'review' || data.declarationType === 'initial'
			? data.declarationType
			: p.source;
	return {
		ok: true,
		plan: {
			...holder,
			source,
			photoUploadId:
				(await photoOf(tx, holder.holderId, data.photoAttachmentId)) ?? p.photoUploadId,
			seriesId: p.seriesId,
			seriesName: p.seriesName,
			seriesCode: Math.floor((p.seriesSort ?? 0) / 10),
			levelCode: p.levelCode,
			levelName: p.levelName,
			titleName: p.titleName,
			specialty: p.specialty,
			committeeName: p.committeeName,
			approvalNo: p.approvalNo,
			approvedOn: p.approvedOn,
			issuingAuthority: p.issuingAuthority,
			regionCode: text(data.regionCode) ?? p.regionCode,
			managementNo: p.managementNo,
			oldCertificateNo: p.oldCertificateNo,
			predecessor: { id: p.id, type: type as ReissueType }
		}
	};
}

async function todayInChina(tx: TransactionSql): Promise<string> {
	const [row] = await tx<{ today: string }[]>`
		select to_char(now() at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as today`;
	return row!.today;
}

/**
 * Writes the certificate of a plan in the caller's transaction: its number, its SM2 signature
 * (an e-certificate), the predecessor's new status pointing to it, and the holder's notice.
 */
export async function issueCertificate(
	tx: TransactionSql,
	plan: IssuancePlan
): Promise<{ id: string; certNo: string }> {
	const { status, electronic } = issuanceOf(plan.kind);
	const issuedOn = await todayInChina(tx);
	const certNo = await allocateNumber(tx, {
		year: Number(issuedOn.slice(0, 4)),
		level: plan.levelCode,
		seriesCode: plan.seriesCode,
		regionCode: plan.regionCode
	});
	let signed: { text: string; signature: string; keyId: string } | null = null;
	if (electronic) {
		const key = await signingKey();
		await publishKey(tx, key);
		const fields = signedText({ ...plan, certNo, issuedOn, keyId: key.keyId });
		signed = { text: fields, signature: sm2Sign(fields, key), keyId: key.keyId };
	}
	const [row] = await tx<{ id: string }[]>`
		insert into certificates (cert_no, holder_id, case_id, source, status, has_e_certificate,
			holder_name, id_number_masked, photo_upload_id, series_id, series_name, level_code,
			level_name, title_name, specialty, committee_name, approval_no, approved_on, issued_on,
			issuing_authority, region_code, management_no, old_certificate_no, predecessor_id,
			signed_fields, signature, key_id)
		values (${certNo}, ${plan.holderId}, ${plan.caseId}, ${plan.source}, ${status},
			${electronic}, ${plan.holderName}, ${plan.idNumberMasked}, ${plan.photoUploadId},
			${plan.seriesId}, ${plan.seriesName}, ${plan.levelCode}, ${plan.levelName},
			${plan.titleName}, ${plan.specialty}, ${plan.committeeName}, ${plan.approvalNo},
			${plan.approvedOn}, ${issuedOn}, ${plan.issuingAuthority}, ${plan.regionCode},
			${plan.managementNo}, ${plan.oldCertificateNo}, ${plan.predecessor?.id ?? null},
			${signed?.text ?? null}, ${signed?.signature ?? null}, ${signed?.keyId ?? null})
		returning id`;
	const id = row!.id;
	if (plan.predecessor) {
		await tx`update certificates set status = ${predecessorStatusAfter(plan.predecessor.type)},
				successor_id = ${id}, version = version + 1, updated_at = now(),
				change_seq = nextval('change_seq')
			where id = ${plan.predecessor.id}`;
	}
	await notifyApplicant(tx, {
		caseId: plan.caseId,
		kind: 'certificate',
		unitName: plan.issuingAuthority
	});
	return { id, certNo };
}
