import { editorCase } from '../lib/editor-case';
import { audit, lighthouseMedian, score } from '../lib/lighthouse-runs';
import { round } from '../lib/results';
import type { Suite } from './types';

/**
 * Lighthouse (mobile defaults: simulated slow 4G, 4x CPU; median of BENCH_LIGHTHOUSE_RUNS) against
 * the signed-in applicant's case editor /cases/<id>, cold: a fresh profile each run, so the device
 * store is empty and the session cookie goes as an extra header. The case holds declaration info
 * and a 工作总结 (bench/lib/editor-case.ts).
 * Targets (issue 21 §2): performance ≥ 95, LCP ≤ 2000 ms, TBT ≤ 200 ms, CLS ≤ 0.05.
 */
export const lighthouseEditor: Suite = {
	name: 'lighthouse-editor',
	metrics: [
		'lighthouse-editor-performance',
		'lighthouse-editor-lcp-ms',
		'lighthouse-editor-tbt-ms',
		'lighthouse-editor-cls'
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
			{ Cookie: cookie }
		);
		const scripts = median.audits['resource-summary']?.details as
			{ items?: { resourceType: string; transferSize: number }[] } | undefined;
		const js = scripts?.items?.find((i) => i.resourceType === 'script')?.transferSize;
		if (js !== undefined)
			console.log(`  median run: ${(js / 1024).toFixed(1)} KB of script transferred`);
		return {
			'lighthouse-editor-performance': { value: score(median, 'performance'), unit: 'score' },
			'lighthouse-editor-lcp-ms': {
				value: round(audit(median, 'largest-contentful-paint'), 0),
				unit: 'ms'
			},
			'lighthouse-editor-tbt-ms': {
				value: round(audit(median, 'total-blocking-time'), 0),
				unit: 'ms'
			},
			'lighthouse-editor-cls': {
				value: round(audit(median, 'cumulative-layout-shift'), 3),
				unit: 'score'
			}
		};
	}
};
