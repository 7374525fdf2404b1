import type { Sql, TransactionSql } from '../db/client';
import { identityRegistry } from '../identity/registry';

/** One record the national education registry (学信网) knows for a person. */
export interface RegistryRecord {
	school: string;
	major: string;
	education: string;
	degree: string | null;
	/** YYYY-MM-DD */
	graduatedOn: string;
	studyMode: '全日制' | '非全日制';
	eduCertNo: string | null;
	degreeCertNo: string | null;
}

/**
 * 自动获取: the seam for the real national service. The table-backed implementation below stands
 * in for it (migrations/0002 `education_registry`); a network adapter implements the same method.
 */
export interface EducationRegistry {
	lookup(idNumber: string): Promise<RegistryRecord[]>;
}

export function tableEducationRegistry(sql: Sql | TransactionSql): EducationRegistry {
	return {
		async lookup(idNumber) {
			return sql<RegistryRecord[]>`
				select school, major, education, degree,
					to_char(graduated_on, 'YYYY-MM-DD') as graduated_on,
					study_mode, edu_cert_no, degree_cert_no
				from education_registry where id_number = ${idNumber}
				order by graduated_on, id`;
		}
	};
}

let factory: (sql: Sql | TransactionSql) => EducationRegistry = tableEducationRegistry;

/** The registry the app uses (tests or a deployment may install another adapter). */
export function educationRegistry(sql: Sql | TransactionSql): EducationRegistry {
	return factory(sql);
}

export function setEducationRegistry(next: (sql: Sql | TransactionSql) => EducationRegistry): void {
	factory = next;
}

/**
 * The applicant's registry records, shaped as 学历学位信息 rows (source 'registry'): only for an
 * account whose identity was verified, and only while the identity registry still gives its name
 * for its ID number (anyone else gets none, as if the registry knew nothing).
 */
export async function lookupOwnEducation(sql: Sql, userId: string) {
	const [user] = await sql<{ idNumber: string | null; name: string; verified: boolean }[]>`
		select id_number, name, identity_verified_at is not null as verified
		from users where id = ${userId} and kind = 'applicant'`;
	if (!user?.idNumber || !user.verified) return [];
	if ((await identityRegistry(sql).check(user.name, user.idNumber)) !== 'match') return [];
	const records = await educationRegistry(sql).lookup(user.idNumber);
	return records.map((r) => ({
		source: 'registry' as const,
		school: r.school,
		major: r.major,
		education: r.education,
		degree: r.degree,
		graduatedOn: r.graduatedOn,
		studyMode: r.studyMode,
		eduCertNo: r.eduCertNo,
		degreeCertNo: r.degreeCertNo
	}));
}
