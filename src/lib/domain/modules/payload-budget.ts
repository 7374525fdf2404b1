import { MAX_MODULE_BYTES } from '../sync';
import { MODULES, type ModuleKey, type ModuleLimits } from './catalog';

/** Small saves are never refused for size (the submit rules judge the content). */
export const MODULE_BUDGET_FLOOR = 8 * 1024;
/** One row of a row module as JSON: a handful of fields of at most 2,000 characters each. */
const ROW_CHARS = 16 * 1024;
const DEFAULT_MAX_ROWS = 100;
const DEFAULT_SUMMARY_CHARS = 5000;
/** Field names, punctuation and the fixed fields around the counted text or rows. */
const OVERHEAD = 2048;
/** Forms of one page (个人基本信息, 单位证明 …): many short fields. */
const FORM_CHARS = 32 * 1024;

/**
 * The largest save of a module, in JSON characters, under its module set's limits: 工作总结 by
 * its character limit (whitespace is not counted, so twice that), row modules by their row limit,
 * other modules as one form. Without a set (before 申报基本信息 is saved) the defaults apply.
 */
export function moduleBudget(key: ModuleKey, limits?: ModuleLimits): number {
	let budget: number;
	if (key === 'work_summary') {
		budget = 2 * (limits?.maxChars ?? DEFAULT_SUMMARY_CHARS) + OVERHEAD;
	} else if (MODULES[key].rowFields) {
		budget = (limits?.maxRows ?? DEFAULT_MAX_ROWS) * ROW_CHARS + OVERHEAD;
	} else {
		budget = FORM_CHARS;
	}
	return Math.min(MAX_MODULE_BYTES, Math.max(MODULE_BUDGET_FLOOR, budget));
}
