// Counts what .ci/run recorded and prints per-suite lines, then, as the very last line,
// `N passed, N failed` over all suites. Exit code 0 only when nothing failed and every test
// suite ran at least one test.
//
// Usage: node .ci/count-results.mjs STEPS_TSV
// Each line of STEPS_TSV: name <TAB> kind <TAB> exit code <TAB> result file <TAB> seconds
//   kind: setup | step  (pass/fail only; a failure counts as 1 failed)
//         vitest        (result file: vitest --reporter=json output)
//         playwright    (result file: Playwright json reporter output)
import { existsSync, readFileSync } from 'node:fs';

/** @typedef {{ name: string, passed: number, failed: number, skipped: number, notes: string[], tests: boolean, seconds: number }} Row */

/** @param {string} file */
function readJson(file) {
	if (!file || !existsSync(file)) return { error: `no result file ${file || ''}`.trim() };
	try {
		return { json: JSON.parse(readFileSync(file, 'utf8')) };
	} catch (err) {
		return { error: `unreadable result file ${file}: ${err instanceof Error ? err.message : err}` };
	}
}

/** @param {Row} row @param {any} j */
function countVitest(row, j) {
	row.passed = Number(j.numPassedTests ?? 0);
	row.failed = Number(j.numFailedTests ?? 0);
	row.skipped = Number(j.numPendingTests ?? 0) + Number(j.numTodoTests ?? 0);
	// A file that failed to load or whose hooks threw has no failed test of its own.
	for (const file of j.testResults ?? []) {
		const failedTests = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
		if (file.status === 'failed' && failedTests.length === 0) {
			row.failed += 1;
			row.notes.push(`file error: ${file.name}: ${String(file.message ?? '').split('\n')[0]}`);
		}
	}
}

/** @param {Row} row @param {any} j */
function countPlaywright(row, j) {
	const s = j.stats ?? {};
	row.passed = Number(s.expected ?? 0) + Number(s.flaky ?? 0);
	row.failed = Number(s.unexpected ?? 0);
	row.skipped = Number(s.skipped ?? 0);
	if (s.flaky) row.notes.push(`${s.flaky} flaky`);
	for (const e of j.errors ?? []) {
		row.failed += 1;
		row.notes.push(`error: ${String(e.message ?? '').split('\n')[0]}`);
	}
}

/** @param {string} stepsFile */
function main(stepsFile) {
	/** @type {Row[]} */
	const rows = [];
	const lines = readFileSync(stepsFile, 'utf8').split('\n').filter(Boolean);
	for (const line of lines) {
		const [name = '?', kind = 'step', rcText = '1', file = '', seconds = '0'] = line.split('\t');
		const rc = Number(rcText);
		/** @type {Row} */
		const row = {
			name,
			passed: 0,
			failed: 0,
			skipped: 0,
			notes: [],
			tests: false,
			seconds: Number(seconds)
		};
		rows.push(row);
		if (kind === 'vitest' || kind === 'playwright') {
			row.tests = true;
			const { json, error } = readJson(file);
			if (error) {
				row.failed = 1;
				row.notes.push(error);
			} else if (kind === 'vitest') countVitest(row, json);
			else countPlaywright(row, json);
			if (!error && rc !== 0 && row.failed === 0) {
				row.failed = 1;
				row.notes.push(`exited ${rc} without a failed test`);
			}
			if (!error && row.passed + row.failed === 0) {
				row.failed = 1;
				row.notes.push('ran zero tests');
			}
		} else if (rc !== 0) {
			row.failed = 1;
			row.notes.push(`exited ${rc}`);
		}
	}

	const width = Math.max(5, ...rows.map((r) => r.name.length));
	console.log('\n== CI summary ==');
	for (const r of rows) {
		const what = r.tests
			? `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`
			: r.failed
				? 'FAILED'
				: 'ok';
		const notes = r.notes.length ? `  (${r.notes.slice(0, 5).join('; ')})` : '';
		console.log(`${r.name.padEnd(width)}  ${what}  [${r.seconds} s]${notes}`);
	}
	const passed = rows.reduce((n, r) => n + r.passed, 0);
	const failed = rows.reduce((n, r) => n + r.failed, 0);
	if (rows.length === 0) {
		console.log('0 passed, 1 failed');
		return 1;
	}
	console.log(`${passed} passed, ${failed} failed`);
	return failed === 0 ? 0 : 1;
}

let code;
try {
	const file = process.argv[2];
	if (!file) throw new Error('usage: node .ci/count-results.mjs STEPS_TSV');
	code = main(file);
} catch (err) {
	console.log(`count-results: ${err instanceof Error ? err.message : err}`);
	console.log('0 passed, 1 failed');
	code = 1;
}
process.exit(code);
