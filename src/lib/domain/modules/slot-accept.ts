import { HISTORICAL_SLOTS, REISSUE_SLOTS } from '../certificates';

const IMAGES = ['image/jpeg', 'image/png'] as const;
const PDF = ['application/pdf'] as const;
const PDF_SLOTS: ReadonlySet<string> = new Set([...HISTORICAL_SLOTS, ...REISSUE_SLOTS]);

/**
 * The file types a slot takes, when it is narrower than every allowed upload: a 证件照 is a JPEG
 * or PNG image; the certificate services' 材料上传 takes PDF only (manual ch. 4, ch. 5). Null: any.
 */
export function slotAccepts(slot: string): readonly string[] | null {
	if (slot === 'photo') return IMAGES;
	if (PDF_SLOTS.has(slot)) return PDF;
	return null;
}
