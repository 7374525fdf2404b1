import {
	calibratedSlowdown,
	hostBenchmarkIndex,
	lighthouseMedian,
	score,
	timingFigures
} from '../lib/lighthouse-runs';
import { round } from '../lib/results';
import type { Suite } from './types';

/** Lighthouse (mobile defaults, median of BENCH_LIGHTHOUSE_RUNS) against the anonymous /login. */
export const lighthouseLogin: Suite = {
	name: 'lighthouse',
	metrics: [
		'lighthouse-login-performance',
		'lighthouse-login-accessibility',
		'lighthouse-login-lcp-ms',
		'lighthouse-login-tbt-ms',
		'lighthouse-login-benchmark-index'
	],
	async run(ctx) {
		const { url } = await ctx.app();
		const median = await lighthouseMedian('lighthouse', `${url}/login`, [
			'performance',
			'accessibility'
		]);
		return {
			...timingFigures(median, 'lighthouse-login'),
			'lighthouse-login-accessibility': { value: score(median, 'accessibility'), unit: 'score' },
			'lighthouse-login-benchmark-index': {
				value: round(median.environment?.benchmarkIndex ?? NaN, 0),
				unit: 'index'
			}
		};
	}
};

/**
 * /login with the CPU slowdown calibrated to this host's benchmarkIndex instead of the fixed 4x
 * (see calibratedSlowdown); a reading aid only, the default figures above are the reported ones.
 */
export const lighthouseLoginCalibrated: Suite = {
	name: 'lighthouse-calibrated',
	metrics: [
		'lighthouse-login-performance-calibrated',
		'lighthouse-login-lcp-ms-calibrated',
		'lighthouse-login-tbt-ms-calibrated'
	],
	async run(ctx) {
		const { url } = await ctx.app();
		const page = `${url}/login`;
		const slowdown = calibratedSlowdown(await hostBenchmarkIndex('lighthouse-calibrated', page));
		console.log(`  CPU slowdown ${slowdown}x`);
		const median = await lighthouseMedian('lighthouse-calibrated', page, ['performance'], {
			cpuSlowdownMultiplier: slowdown
		});
		return timingFigures(median, 'lighthouse-login', '-calibrated');
	}
};
