import type { App } from '../lib/app';
import type { Results, Target } from '../lib/results';

export interface BenchContext {
	/** The app under test, started on first use and shared by the suites of one run. */
	app: () => Promise<App>;
	/** CPUs for server processes and for the load generator, when pinning is on. */
	cpus: { server?: string; load?: string };
}

export interface Suite {
	/** Short alias that selects every metric of the suite. */
	name: string;
	/** The metric names the suite writes to bench/results.json. */
	metrics: string[];
	/** What a metric should reach (issue targets); the table marks each figure against it. */
	targets?: Record<string, Target>;
	run: (ctx: BenchContext) => Promise<Results>;
}
