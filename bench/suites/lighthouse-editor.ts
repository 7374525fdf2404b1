import { editorCase } from '../lib/editor-case';
import {
	audit,
	calibratedSlowdown,
	hostBenchmarkIndex,
	lighthouseMedian,
	timingFigures,
	type Lhr
} from '../lib/lighthouse-runs';
import { round, type Results } from '../lib/results';
import type { Suite } from './types';

/**
 * Lighthouse (mobile defaults: simulated slow 4G, 4x CPU; median of BENCH_LIGHTHOUSE_RUNS) against
 * the signed-in applicant's case editor /cases/<id>, cold: a fresh profile each run, so the device
 * store is empty and the session cookie goes as an extra header. The case holds declaration info
 * and a 工作总结 (bench/lib/editor-case.ts).
 * Targets (issue 21 §2): performance ≥ 95, LCP ≤ 2000 ms, TBT ≤ 200 ms, CLS ≤ 0.05 — against
 * these default-settings figures only.
 */
export const lighthouseEditor: Suite = {
	name: 'lighthouse-editor',
	metrics: [
		'lighthouse-editor-performance',
		'lighthouse-editor-lcp-ms',
		'lighthouse-editor-tbt-ms',
		'lighthouse-editor-cls',
		'lighthouse-editor-benchmark-index'
	],
	targets: {
		'lighthouse-editor-performance': { min: 95 },
		'lighthouse-editor-lcp-ms': { max: 2000 },
		'lighthouse-editor-tbt-ms': { max: 200 },
		'lighthouse-editor-cls': { max: 0.05 }
	},
	async run(ctx) {
		const { url } = await ctx.app();
		const { caseId, cookie } = await editorCase(url);
		const median = await lighthouseMedian(
			'lighthouse-editor',
			`${url}/cases/${caseId}`,
			['performance'],
			{ headers: { Cookie: cookie } }
		);
		return {
			...figures(median, ''),
			'lighthouse-editor-benchmark-index': {
				value: round(median.environment?.benchmarkIndex ?? NaN, 0),
				unit: 'index'
			}
		};
	}
};

/**
 * The same page with the CPU slowdown calibrated to this host's benchmarkIndex (Lighthouse's
 * docs/throttling.md method, see calibratedSlowdown) instead of the fixed 4x, which assumes a
 * high-end desktop host. For reading the default figures on a slow or busy host only: the
 * targets stay on the default-settings figures above.
 */
export const lighthouseEditorCalibrated: Suite = {
	name: 'lighthouse-editor-calibrated',
	metrics: [
		'lighthouse-editor-performance-calibrated',
		'lighthouse-editor-lcp-ms-calibrated',
		'lighthouse-editor-tbt-ms-calibrated',
		'lighthouse-editor-cls-calibrated',
		'lighthouse-editor-cpu-slowdown-calibrated'
	],
	async run(ctx) {
		const { url } = await ctx.app();
		const { caseId, cookie } = await editorCase(url);
		const page = `${url}/cases/${caseId}`;
		const headers = { Cookie: cookie };
		const index = await hostBenchmarkIndex('lighthouse-editor-calibrated', page, headers);
		const slowdown = calibratedSlowdown(index);
		console.log(`  benchmarkIndex ${Math.round(index)} → CPU slowdown ${slowdown}x`);
		const median = await lighthouseMedian('lighthouse-editor-calibrated', page, ['performance'], {
			headers,
			cpuSlowdownMultiplier: slowdown
		});
		return {
			...figures(median, '-calibrated'),
			'lighthouse-editor-cpu-slowdown-calibrated': { value: slowdown, unit: 'x' }
		};
	}
};

function figures(median: Lhr, suffix: string): Results {
	const scripts = median.audits['resource-summary']?.details as
		{ items?: { resourceType: string; transferSize: number }[] } | undefined;
	const js = scripts?.items?.find((i) => i.resourceType === 'script')?.transferSize;
	if (js !== undefined)
		console.log(`  median run: ${(js / 1024).toFixed(1)} KB of script transferred`);
	return {
		...timingFigures(median, 'lighthouse-editor', suffix),
		[`lighthouse-editor-cls${suffix}`]: {
			value: round(audit(median, 'cumulative-layout-shift'), 3),
			unit: 'score'
		}
	};
}
