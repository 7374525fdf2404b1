import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium';

export type Lhr = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];

const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
const MAX_RETRIES = 3;

/**
 * Lighthouse 12 with its default (mobile, simulated Slow 4G, 4x CPU) settings against `url`,
 * RUNS times, each in a fresh Chromium profile; returns the median run that Lighthouse's own
 * computeMedianRun picks (by FCP and TTI). `headers` go with every request (a session cookie).
 */
export async function lighthouseMedian(
	label: string,
	url: string,
	categories: string[],
	headers?: Record<string, string>
): Promise<Lhr> {
	const runs: Lhr[] = [];
	let attempts = 0;
	while (runs.length < RUNS) {
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
				headers ? { extends: 'lighthouse:default', settings: { extraHeaders: headers } } : undefined
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
				if (attempts >= RUNS + MAX_RETRIES) throw new Error(`${label}: ${problem}`);
				continue;
			}
			if (lhr.finalDisplayedUrl !== url) {
				throw new Error(`${label}: ${url} ended on ${lhr.finalDisplayedUrl} (not signed in?)`);
			}
			runs.push(lhr);
			console.log(
				`${label} run ${runs.length}/${RUNS}: ` +
					categories.map((c) => `${c} ${score(lhr, c)}`).join(', ') +
					`, LCP ${Math.round(audit(lhr, 'largest-contentful-paint'))} ms, ` +
					`TBT ${Math.round(audit(lhr, 'total-blocking-time'))} ms, ` +
					`CLS ${audit(lhr, 'cumulative-layout-shift').toFixed(3)}`
			);
		} finally {
			await chrome.kill();
		}
	}
	const median = computeMedianRun(runs) as Lhr;
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

export function score(lhr: Lhr, category: string): number {
	return Math.round((lhr.categories[category]?.score ?? 0) * 100);
}

export function audit(lhr: Lhr, id: string): number {
	return lhr.audits[id]?.numericValue ?? NaN;
}
