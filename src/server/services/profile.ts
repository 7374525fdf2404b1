import type { Sql } from '../db/client';
import { maskIdNumber, maskMobile } from '$lib/domain/mask';

export interface ApplicantProfile {
	id: string;
	name: string;
	idNumberMasked: string;
	mobileMasked: string;
}

export async function getApplicantProfile(
	sql: Sql,
	userId: string
): Promise<ApplicantProfile | null> {
	const [row] = await sql<{ id: string; name: string; idNumber: string; mobile: string }[]>`
		select id, name, id_number, mobile from users where id = ${userId} and kind = 'applicant'`;
	if (!row) return null;
	return {
		id: row.id,
		name: row.name,
		idNumberMasked: maskIdNumber(row.idNumber),
		mobileMasked: maskMobile(row.mobile)
	};
}
