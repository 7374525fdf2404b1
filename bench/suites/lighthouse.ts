import { audit, lighthouseMedian, score } from '../lib/lighthouse-runs';
import { round } from '../lib/results';
import type { Suite } from './types';

/** Lighthouse (mobile defaults, median of BENCH_LIGHTHOUSE_RUNS) against the anonymous /login. */
export const lighthouseLogin: Suite = {
	name: 'lighthouse',
	metrics: [
		'lighthouse-login-performance',
		'lighthouse-login-accessibility',
		'lighthouse-login-lcp-ms'
	],
	async run(ctx) {
		const { url } = await ctx.app();
		const median = await lighthouseMedian('lighthouse', `${url}/login`, [
			'performance',
			'accessibility'
		]);
		return {
			'lighthouse-login-performance': { value: score(median, 'performance'), unit: 'score' },
			'lighthouse-login-accessibility': { value: score(median, 'accessibility'), unit: 'score' },
			'lighthouse-login-lcp-ms': {
				value: round(audit(median, 'largest-contentful-paint'), 0),
				unit: 'ms'
			}
		};
	}
};
