import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium';
import { round, type Results } from './results';

export type Lhr = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];

const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
const MAX_RETRIES = 3;

export interface LighthouseOptions {
	/** Sent with every request (a session cookie). */
	headers?: Record<string, string>;
	/** Instead of Lighthouse's default 4x (see calibratedSlowdown). */
	cpuSlowdownMultiplier?: number;
}

/** Every benchmarkIndex Lighthouse measured in this process (one per run). */
const seenIndexes: number[] = [];

/**
 * Lighthouse 12 against `url`, `runs` times, each in a fresh Chromium profile, with its default
 * (mobile, simulated Slow 4G, 4x CPU) settings unless `cpuSlowdownMultiplier` is given.
 */
async function lighthouseRuns(
	label: string,
	url: string,
	categories: string[],
	options: LighthouseOptions & { runs: number }
): Promise<Lhr[]> {
	const { headers, cpuSlowdownMultiplier, runs: wanted } = options;
	const settings = {
		...(headers ? { extraHeaders: headers } : {}),
		...(cpuSlowdownMultiplier ? { throttling: { cpuSlowdownMultiplier } } : {})
	};
	const runs: Lhr[] = [];
	let attempts = 0;
	while (runs.length < wanted) {
		attempts++;
		const chrome = await chromeLauncher.launch({
			chromePath: CHROMIUM_PATH,
			chromeFlags: CHROMIUM_FLAGS,
			logLevel: 'silent'
		});
		try {
			const result = await lighthouse(
				url,
				{ port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories },
				Object.keys(settings).length ? { extends: 'lighthouse:default', settings } : undefined
			);
			const lhr = result?.lhr;
			const problem = !lhr
				? 'no result'
				: lhr.runtimeError
					? `${lhr.runtimeError.code} ${lhr.runtimeError.message}`
					: null;
			if (problem || !lhr) {
				// Trace hiccups (e.g. NO_NAVSTART) happen on a busy machine: retry a few times.
				console.log(`${label} attempt ${attempts}: ${problem}`);
				if (attempts >= wanted + MAX_RETRIES) throw new Error(`${label}: ${problem}`);
				continue;
			}
			if (lhr.finalDisplayedUrl !== url) {
				throw new Error(`${label}: ${url} ended on ${lhr.finalDisplayedUrl} (not signed in?)`);
			}
			runs.push(lhr);
			if (lhr.environment?.benchmarkIndex) seenIndexes.push(lhr.environment.benchmarkIndex);
			console.log(
				`${label} run ${runs.length}/${wanted}: ` +
					categories.map((c) => `${c} ${score(lhr, c)}`).join(', ') +
					`, LCP ${Math.round(audit(lhr, 'largest-contentful-paint'))} ms, ` +
					`TBT ${Math.round(audit(lhr, 'total-blocking-time'))} ms, ` +
					`CLS ${audit(lhr, 'cumulative-layout-shift').toFixed(3)}, ` +
					`benchmarkIndex ${Math.round(lhr.environment?.benchmarkIndex ?? NaN)}`
			);
		} finally {
			await chrome.kill();
		}
	}
	return runs;
}

/**
 * Lighthouse RUNS times (see lighthouseRuns); returns the median run that Lighthouse's own
 * computeMedianRun picks (by FCP and TTI). BENCH_LIGHTHOUSE_KEEP=<dir> writes that run's report
 * (JSON) to <dir>/<label>.json.
 */
export async function lighthouseMedian(
	label: string,
	url: string,
	categories: string[],
	options: LighthouseOptions = {}
): Promise<Lhr> {
	const runs = await lighthouseRuns(label, url, categories, { ...options, runs: RUNS });
	const median = computeMedianRun(runs) as Lhr;
	console.log(
		`  ${label} median run: benchmarkIndex ${Math.round(median.environment?.benchmarkIndex ?? NaN)}, ` +
			`CPU slowdown ${median.configSettings.throttling?.cpuSlowdownMultiplier}x`
	);
	const keep = process.env.BENCH_LIGHTHOUSE_KEEP;
	if (keep) {
		mkdirSync(keep, { recursive: true });
		const file = join(keep, `${label}.json`);
		writeFileSync(file, JSON.stringify(median));
		console.log(`  median report: ${file}`);
	}
	if (process.env.BENCH_VERBOSE) {
		const lcpEl = JSON.stringify(median.audits['largest-contentful-paint-element']?.details ?? {});
		console.log(`  LCP element: ${/"snippet":"((?:[^"\\]|\\.)*)"/.exec(lcpEl)?.[1] ?? '?'}`);
		const boot = median.audits['bootup-time']?.details as
			{ items?: { url: string; total: number; scripting: number }[] } | undefined;
		for (const b of boot?.items?.slice(0, 8) ?? []) {
			console.log(
				`  main thread ${Math.round(b.total)} ms (script ${Math.round(b.scripting)}): ${b.url}`
			);
		}
	}
	for (const c of categories) {
		const failing = Object.values(median.audits).filter(
			(a) =>
				a.score !== null &&
				a.score < 0.9 &&
				median.categories[c]?.auditRefs.some((r) => r.id === a.id && r.weight > 0)
		);
		if (failing.length) {
			console.log(`  ${c} below 0.9: ${failing.map((f) => `${f.id} (${f.score})`).join(', ')}`);
		}
	}
	return median;
}

/**
 * The CPU slowdown that makes this host a mid-tier phone, from its benchmarkIndex, by the method
 * Lighthouse's docs point to (docs/throttling.md, "Calibrating the CPU slowdown": the
 * lighthouse-cpu-throttling-calculator's piecewise-linear table). The default 4x assumes a
 * high-end desktop (index 1500–2000); on a slower host it throttles below a mid-tier phone.
 * Below 150 (a host slower than that phone) it gives no slowdown: 1x.
 */
export function calibratedSlowdown(benchmarkIndex: number): number {
	let multiplier: number;
	if (benchmarkIndex >= 1300) multiplier = 3 + (benchmarkIndex - 1300) / 233;
	else if (benchmarkIndex >= 800) multiplier = 2 + (benchmarkIndex - 800) / 500;
	else if (benchmarkIndex >= 150) multiplier = 1 + (benchmarkIndex - 150) / 650;
	else multiplier = 1;
	return Math.round(multiplier * 100) / 100;
}

/**
 * This host's benchmarkIndex: the median of the runs made so far in this bench process, or of
 * one default-settings run of `url` when there were none.
 */
export async function hostBenchmarkIndex(
	label: string,
	url: string,
	headers?: Record<string, string>
): Promise<number> {
	if (seenIndexes.length === 0)
		await lighthouseRuns(`${label} (benchmarkIndex probe)`, url, ['performance'], {
			headers,
			runs: 1
		});
	const sorted = [...seenIndexes].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export function score(lhr: Lhr, category: string): number {
	return Math.round((lhr.categories[category]?.score ?? 0) * 100);
}

export function audit(lhr: Lhr, id: string): number {
	return lhr.audits[id]?.numericValue ?? NaN;
}

/** `<page>-performance<suffix>`, `<page>-lcp-ms<suffix>` and `<page>-tbt-ms<suffix>` of a median run. */
export function timingFigures(lhr: Lhr, page: string, suffix = ''): Results {
	return {
		[`${page}-performance${suffix}`]: { value: score(lhr, 'performance'), unit: 'score' },
		[`${page}-lcp-ms${suffix}`]: {
			value: round(audit(lhr, 'largest-contentful-paint'), 0),
			unit: 'ms'
		},
		[`${page}-tbt-ms${suffix}`]: { value: round(audit(lhr, 'total-blocking-time'), 0), unit: 'ms' }
	};
}
