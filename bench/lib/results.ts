import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './app';

export interface Metric {
	value: number;
	unit: string;
	baseline?: number;
	ratio?: number;
}
export type Results = Record<string, Metric>;

/** A figure (or, `on: 'ratio'`, its ratio to the baseline) at most `max` or at least `min`. */
export interface Target {
	max?: number;
	min?: number;
	on?: 'value' | 'ratio';
}

function targetText(t: Target | undefined, m: Metric): string {
	if (!t) return '';
	const value = t.on === 'ratio' ? m.ratio : m.value;
	if (value === undefined) return 'no ratio';
	const met = (t.max === undefined || value <= t.max) && (t.min === undefined || value >= t.min);
	const bound = [t.min !== undefined && `≥ ${t.min}`, t.max !== undefined && `≤ ${t.max}`]
		.filter(Boolean)
		.join(' ');
	return `${t.on === 'ratio' ? 'ratio ' : ''}${bound} ${met ? 'met' : 'MISSED'}`;
}

export const RESULTS_FILE = path.join(ROOT, 'bench', 'results.json');

/** Merges `fresh` into bench/results.json, keeping entries that this run did not measure. */
export function mergeResults(fresh: Results): Results {
	let old: Results = {};
	if (existsSync(RESULTS_FILE)) {
		try {
			old = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Results;
		} catch {
			console.warn(`bench: ${RESULTS_FILE} is not valid JSON; starting afresh`);
		}
	}
	const merged: Results = { ...old, ...fresh };
	const sorted = Object.fromEntries(
		Object.keys(merged)
			.sort()
			.map((k) => [k, merged[k]])
	);
	writeFileSync(RESULTS_FILE, JSON.stringify(sorted, null, '\t') + '\n');
	return sorted as Results;
}

export function round(n: number, digits: number): number {
	const f = 10 ** digits;
	return Math.round(n * f) / f;
}

/** Prints the metrics as an aligned table. */
export function printTable(
	results: Results,
	title: string,
	targets: Record<string, Target> = {}
): void {
	const rows = [['name', 'value', 'unit', 'baseline', 'ratio', 'target']];
	for (const [name, m] of Object.entries(results)) {
		rows.push([
			name,
			String(m.value),
			m.unit,
			m.baseline === undefined ? '' : String(m.baseline),
			m.ratio === undefined ? '' : String(m.ratio),
			targetText(targets[name], m)
		]);
	}
	const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
	const line = (r: string[]) =>
		r.map((c, i) => (i === 0 || i >= 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
	console.log(`\n${title}`);
	console.log(line(rows[0]!));
	console.log(widths.map((w) => '-'.repeat(w)).join('  '));
	for (const r of rows.slice(1)) console.log(line(r));
}
