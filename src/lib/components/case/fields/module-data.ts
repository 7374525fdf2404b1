import { UNIT_PROOF_SLOTS, type UnitProofSlot } from '$lib/domain/modules/catalog';

/** The files of 单位公示及结果报告证明, by slot (a fresh draft has none). */
export function slotsOf(data: Record<string, unknown>): Partial<Record<UnitProofSlot, string>> {
	const s = data.slots;
	if (!s || typeof s !== 'object') return {};
	const out: Partial<Record<UnitProofSlot, string>> = {};
	for (const slot of UNIT_PROOF_SLOTS) {
		const v = (s as Record<string, unknown>)[slot];
		if (typeof v === 'string' && v) out[slot] = v;
	}
	return out;
}

/** One item of 其他材料: its name and, once uploaded, its file. */
export interface MaterialItem {
	/** Kept when the data has one (see rowIdOf). */
	id?: string;
	name: string;
	attachmentId?: string;
}

/** The items of 其他材料, whatever shape the data is in. */
export function itemsOf(data: Record<string, unknown>): MaterialItem[] {
	const raw = data.items;
	if (!Array.isArray(raw)) return [];
	return raw
		.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object')
		.map((x) => ({
			...(typeof x.id === 'string' && x.id ? { id: x.id } : {}),
			name: typeof x.name === 'string' ? x.name : '',
			...(typeof x.attachmentId === 'string' && x.attachmentId
				? { attachmentId: x.attachmentId }
				: {})
		}));
}
