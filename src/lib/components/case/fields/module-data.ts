import { UNIT_PROOF_SLOTS, type UnitProofSlot } from '$lib/domain/modules/catalog';

/**
 * The files of a module of slots by slot (a fresh draft has none): 单位公示及结果报告证明 unless
 * other slot names are given (材料上传 of the certificate services).
 */
export function slotsOf<S extends string = UnitProofSlot>(
	data: Record<string, unknown>,
	names: readonly S[] = UNIT_PROOF_SLOTS as unknown as readonly S[]
): Partial<Record<S, string>> {
	const s = data.slots;
	if (!s || typeof s !== 'object') return {};
	const out: Partial<Record<S, string>> = {};
	for (const slot of names) {
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
