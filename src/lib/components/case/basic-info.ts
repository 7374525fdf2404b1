import { filled } from '$lib/domain/modules/catalog-core';
import type { ModuleDraft } from '$lib/offline/module-draft.svelte';
import type { DeclarantProfile } from '$lib/domain/reference-bundle';

/**
 * 工作单位 is filled in by the system from the applicant's profile (manual ch. 2 §2 ④). The
 * values are shown at once but written only with the person's first edit or 暂存, so merely
 * opening a case on two devices never makes two competing saves.
 */
export function profileDefaults(profile: DeclarantProfile | null): Record<string, string> {
	const unit = profile?.workUnit;
	if (!unit) return {};
	const out: Record<string, string> = {
		workUnitId: unit.id,
		workUnitName: unit.name,
		unitNature: unit.natureCode,
		regionCode: unit.regionCode
	};
	if (unit.creditCode) out.creditCode = unit.creditCode;
	if (unit.departmentId) out.departmentId = unit.departmentId;
	return out;
}

/** The value shown for a field: the saved one, else the profile's. */
export function shownValue(
	data: Record<string, unknown>,
	profile: DeclarantProfile | null,
	field: string
): string {
	const own = data[field];
	if (typeof own === 'string') return own;
	if (filled(data.workUnitName) || filled(data.regionCode)) return '';
	return profileDefaults(profile)[field] ?? '';
}

/** Writes the profile's values into an untouched 个人基本信息 (before an edit or 暂存). */
export function applyProfileDefaults(draft: ModuleDraft, profile: DeclarantProfile | null): void {
	const d = draft.data;
	if (filled(d.workUnitName) || filled(d.regionCode)) return;
	for (const [field, value] of Object.entries(profileDefaults(profile)))
		if (!filled(d[field])) draft.set(field, value);
}
