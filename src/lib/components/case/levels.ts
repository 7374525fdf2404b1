import { m } from '$lib/paraglide/messages.js';
import type { LevelCode } from '$lib/domain/modules/catalog';

/** 申报级别 in the reader's language. */
export const LEVEL_LABEL: Record<LevelCode, () => string> = {
	A: m.decl_level_a,
	B: m.decl_level_b,
	C: m.decl_level_c,
	D: m.decl_level_d,
	E: m.decl_level_e
};
