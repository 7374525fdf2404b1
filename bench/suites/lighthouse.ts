import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../lib/chromium';
import { round } from '../lib/results';
import type { Suite } from './types';

type Lhr = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];

const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
const MAX_RETRIES = 3;

/**
 * Lighthouse 12 with its default (mobile, simulated Slow 4G, 4x CPU) settings against /login,
 * RUNS times, each in a fresh Chromium profile; the figures come from the median run that
 * Lighthouse's own computeMedianRun picks (by FCP and TTI).
 */
export const lighthouseLogin: Suite = {
	name: 'lighthouse',
	metrics: [
		'lighthouse-login-performance',
		'lighthouse-login-accessibility',
		'lighthouse-login-lcp-ms'
	],
	async run(ctx) {
		const { url } = await ctx.app();
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
				const result = await lighthouse(`${url}/login`, {
					port: chrome.port,
					output: 'json',
					logLevel: 'error',
					onlyCategories: ['performance', 'accessibility']
				});
				const lhr = result?.lhr;
				const problem = !lhr
					? 'no result'
					: lhr.runtimeError
						? `${lhr.runtimeError.code} ${lhr.runtimeError.message}`
						: null;
				if (problem || !lhr) {
					// Trace hiccups (e.g. NO_NAVSTART) happen on a busy machine: retry a few times.
					console.log(`lighthouse attempt ${attempts}: ${problem}`);
					if (attempts >= RUNS + MAX_RETRIES) throw new Error(`lighthouse: ${problem}`);
					continue;
				}
				runs.push(lhr);
				console.log(
					`lighthouse run ${runs.length}/${RUNS}: performance ${score(lhr, 'performance')}, ` +
						`accessibility ${score(lhr, 'accessibility')}, LCP ${Math.round(lcp(lhr))} ms`
				);
			} finally {
				await chrome.kill();
			}
		}
		const median = computeMedianRun(runs) as Lhr;
		for (const a of ['performance', 'accessibility'] as const) {
			const failing = Object.values(median.audits).filter(
				(audit) =>
					audit.score !== null &&
					audit.score < 0.9 &&
					median.categories[a]?.auditRefs.some((r) => r.id === audit.id && r.weight > 0)
			);
			if (failing.length) {
				console.log(`  ${a} below 0.9: ${failing.map((f) => `${f.id} (${f.score})`).join(', ')}`);
			}
		}
		return {
			'lighthouse-login-performance': { value: score(median, 'performance'), unit: 'score' },
			'lighthouse-login-accessibility': { value: score(median, 'accessibility'), unit: 'score' },
			'lighthouse-login-lcp-ms': { value: round(lcp(median), 0), unit: 'ms' }
		};
	}
};

function score(lhr: Lhr, category: string): number {
	return Math.round((lhr.categories[category]?.score ?? 0) * 100);
}

function lcp(lhr: Lhr): number {
	return lhr.audits['largest-contentful-paint']?.numericValue ?? NaN;
}
