import type { Sql } from '../db/client';
import { validateIdNumber } from '$lib/domain/id-number';
import { maskIdNumber, maskMobile } from '$lib/domain/mask';
import type { InitialRule } from '$lib/domain/modules/eligibility';

/**
 * What the declaration form shows greyed (系统自动回填): the applicant's own name, masked ID
 * number, sex and birth date derived from the ID number, and the work unit last chosen. The full
 * ID number never leaves the server.
 */
export interface DeclarantProfile {
	name: string;
	idNumberMasked: string;
	mobileMasked: string;
	sex: 'male' | 'female' | null;
	birthDate: string | null;
	workUnit: {
		id: string;
		name: string;
		creditCode: string | null;
		natureCode: string;
		regionCode: string;
		departmentId: string | null;
	} | null;
}

export async function getDeclarantProfile(
	sql: Sql,
	userId: string
): Promise<DeclarantProfile | null> {
	const [row] = await sql<
		{
			name: string;
			idNumber: string;
			mobile: string;
			unitId: string | null;
			unitName: string | null;
			creditCode: string | null;
			natureCode: string | null;
			regionCode: string | null;
			departmentId: string | null;
		}[]
	>`
		select u.name, u.id_number, u.mobile, w.id as unit_id, w.name as unit_name, w.credit_code,
			w.nature_code, w.region_code, w.department_id
		from users u left join work_units w on w.id = u.work_unit_id
		where u.id = ${userId} and u.kind = 'applicant'`;
	if (!row) return null;
	const id = validateIdNumber(row.idNumber);
	return {
		name: row.name,
		idNumberMasked: maskIdNumber(row.idNumber),
		mobileMasked: maskMobile(row.mobile),
		sex: id.ok ? id.sex : null,
		birthDate: id.ok ? id.birthDate : null,
		workUnit:
			row.unitId && row.unitName && row.natureCode && row.regionCode
				? {
						id: row.unitId,
						name: row.unitName,
						creditCode: row.creditCode,
						natureCode: row.natureCode,
						regionCode: row.regionCode,
						departmentId: row.departmentId
					}
				: null
	};
}

/** `initial_rules` rows (初定 eligibility), for the form's advice before 提交 (public rules). */
export function listInitialRules(sql: Sql): Promise<InitialRule[]> {
	return sql<InitialRule[]>`
		select city_code, education, min_years::float8 as min_years, target_level,
			to_char(graduated_until, 'YYYY-MM-DD') as graduated_until,
			to_char(valid_until, 'YYYY-MM-DD') as valid_until, note
		from initial_rules order by id`;
}
