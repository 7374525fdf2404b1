import type { App } from '../lib/app';
import type { Results } from '../lib/results';

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
	run: (ctx: BenchContext) => Promise<Results>;
}
