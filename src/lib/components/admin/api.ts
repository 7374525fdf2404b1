import type {
	AcceptingDepartmentInput,
	CommitteeInput,
	ConsultationPhoneInput,
	DeclarationPointInput,
	PeriodInput,
	ReferenceTable
} from '$lib/domain/admin/schemas';
import { trpc } from '$lib/trpc/client';

/** The administrator's procedures from the browser (the admin's cookie authorizes each call). */
export function adminApi() {
	return trpc().admin;
}

/** Saves a parsed form of any reference table through its own procedure. */
export function saveRow(table: ReferenceTable, data: unknown): Promise<{ id: string }> {
	const api = adminApi();
	switch (table) {
		case 'committees':
			return api.saveCommittee.mutate(data as CommitteeInput);
		case 'accepting_departments':
			return api.saveAcceptingDepartment.mutate(data as AcceptingDepartmentInput);
		case 'declaration_points':
			return api.saveDeclarationPoint.mutate(data as DeclarationPointInput);
		case 'declaration_periods':
			return api.savePeriod.mutate(data as PeriodInput);
		case 'consultation_phones':
			return api.saveConsultationPhone.mutate(data as ConsultationPhoneInput);
	}
}
