// Benchmarks: `npm run bench` runs all, `npm run bench -- NAME...` a subset (a metric name or a
// suite alias: login-js, lighthouse, lighthouse-calibrated, applicant-js, lighthouse-editor, lighthouse-editor-calibrated, trpc, trpc-pg, review, pdf-check, cert-pdf, export). When the first suite that needs
// the app asks for it, builds the app if build/ is missing or stale (BENCH_BUILD=always|never
// overrides) and starts `node build` on a free loopback port with a fresh DATA_DIR; a suite that
// does not use the app (review, pdf-check, cert-pdf, export) neither builds nor starts it. Merges the figures into bench/results.json and
// prints a table. Never asserts.
// Env: BENCH_DURATION (autocannon seconds, default 20), BENCH_LIGHTHOUSE_RUNS (default 3),
// BENCH_LIGHTHOUSE_KEEP=<dir> (keep each Lighthouse median report as JSON),
// BENCH_PIN=0 (no taskset pinning), BENCH_VERBOSE=1 (server output, per-file sizes),
// BENCH_CPU_PROF=1 (trpc-pg: where one process's CPU time goes, from node --cpu-prof),
// CHROME_PATH (default /usr/bin/chromium), BENCH_DATABASE_URL (the PostgreSQL server of the review
// suite; default 127.0.0.1:5432 as postgres, else TEST_DATABASE_URL's), BENCH_REVIEW_CALLS (200).
import { ensureBuild, startApp, type App } from './lib/app';
import { pinningEnabled } from './lib/proc';
import { mergeResults, printTable, RESULTS_FILE, type Results } from './lib/results';
import { lighthouseLogin, lighthouseLoginCalibrated } from './suites/lighthouse';
import { loginJs } from './suites/login-js';
import { lighthouseEditor, lighthouseEditorCalibrated } from './suites/lighthouse-editor';
import { applicantJs } from './suites/page-js';
import { trpcAuthedRead } from './suites/trpc';
import { trpcOnPostgres } from './suites/trpc-pg';
import { draftSave } from './suites/draft-save';
import { syncDrafts } from './suites/sync-drafts';
import { uploadThroughput } from './suites/upload';
import { reviewBench } from './suites/review';
import { pgResilience } from './suites/pg-resilience';
import { pdfCheckBench } from './suites/pdf-check';
import { certPdfBench } from './suites/cert-pdf';
import { exportBench } from './suites/export';
import type { BenchContext, Suite } from './suites/types';

const SUITES: Suite[] = [
	loginJs,
	lighthouseLogin,
	lighthouseLoginCalibrated,
	applicantJs,
	lighthouseEditor,
	lighthouseEditorCalibrated,
	trpcAuthedRead,
	trpcOnPostgres,
	draftSave,
	syncDrafts,
	uploadThroughput,
	reviewBench,
	pgResilience,
	pdfCheckBench,
	certPdfBench,
	exportBench
];

function select(args: string[]): Suite[] {
	if (args.length === 0) return SUITES;
	const chosen = new Set<Suite>();
	for (const arg of args) {
		const suite = SUITES.find((s) => s.name === arg || s.metrics.includes(arg));
		if (!suite) {
			const known = SUITES.flatMap((s) => [s.name, ...s.metrics]).join(', ');
			throw new Error(`unknown benchmark "${arg}"; known: ${known}`);
		}
		chosen.add(suite);
	}
	return SUITES.filter((s) => chosen.has(s));
}

async function main(): Promise<number> {
	const args = process.argv.slice(2).filter((a) => a !== '--');
	const suites = select(args);

	const pinning = pinningEnabled();
	let app: Promise<App> | undefined;
	const ctx: BenchContext = {
		app: () =>
			(app ??= Promise.resolve().then(() => {
				ensureBuild();
				return startApp({ cpus: pinning ? '0' : undefined });
			})),
		cpus: pinning ? { server: '0', load: '1' } : {}
	};
	if (pinning)
		console.log('bench: servers pinned to CPU 0, load generator to CPU 1 (BENCH_PIN=0 to disable)');

	const fresh: Results = {};
	const failed: string[] = [];
	try {
		for (const suite of suites) {
			const t0 = Date.now();
			console.log(`\n== ${suite.name} ==`);
			try {
				Object.assign(fresh, await suite.run(ctx));
				console.log(`${suite.name}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
			} catch (err) {
				failed.push(suite.name);
				console.error(
					`${suite.name}: FAILED — ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`
				);
				const running = app && (await app.catch(() => undefined));
				const died = running?.died();
				if (died) {
					console.error(died);
					await running?.stop();
					app = undefined; // the next suite starts a fresh server
				}
			}
		}
	} finally {
		if (app) await (await app.catch(() => undefined))?.stop();
	}

	if (Object.keys(fresh).length) {
		mergeResults(fresh);
		const targets = Object.assign({}, ...SUITES.map((s) => s.targets ?? {}));
		printTable(fresh, `Results (merged into ${RESULTS_FILE})`, targets);
	}
	if (failed.length) {
		console.error(`\nbench: could not measure: ${failed.join(', ')}`);
		return 1;
	}
	return 0;
}

main().then(
	(code) => process.exit(code),
	(err) => {
		console.error(err instanceof Error ? err.message : err);
		process.exit(1);
	}
);
