import { stopTus } from './files/tus';
import { stopJobs } from './jobs/queue';
import { log } from './log';

/** Set from SIGTERM on: /api/ready answers 503 so a load balancer sends no new work. */
let draining = false;

export function isDraining(): boolean {
	return draining;
}

/** Margin past the grace for closing the pool and the lock connection before giving up. */
const CLOSE_MARGIN_MS = 15_000;

/**
 * Graceful stop for `node build`. adapter-node already does the request part on SIGTERM (and SIGINT):
 * it stops listening, closes idle keep-alive connections, lets requests in flight (uploads
 * included) finish for `SHUTDOWN_TIMEOUT` seconds and then cuts the rest (a cut upload resumes on
 * the next process), and emits `sveltekit:shutdown` once no connection is left. This sets that
 * grace from `SHUTDOWN_GRACE_MS` (called from the init hook, which runs before adapter-node
 * reads it), and on `sveltekit:shutdown` stops the job queue (running jobs finish), closes the
 * upload locks' connection and the pool, then exits 0. Should closing hang, the process ends
 * with 1 shortly after the grace.
 */
export function installGracefulShutdown(closeDatabase: () => Promise<void>): void {
	const given = process.env.SHUTDOWN_GRACE_MS?.trim();
	const graceMs = given ? Number(given) : NaN;
	if (Number.isFinite(graceMs) && graceMs >= 0 && process.env.SHUTDOWN_TIMEOUT === undefined) {
		process.env.SHUTDOWN_TIMEOUT = String(Math.ceil(graceMs / 1000));
	}
	const grace = Number(process.env.SHUTDOWN_TIMEOUT ?? 30) * 1000;
	const onSignal = (signal: NodeJS.Signals) => {
		if (draining) return;
		draining = true;
		log.info({ signal, graceMs: grace }, 'shutting down: finishing requests in flight');
		setTimeout(() => {
			log.error('shutdown did not finish in time; exiting');
			process.exit(1);
		}, grace + CLOSE_MARGIN_MS).unref();
	};
	// SIGTERM only: a SIGINT listener would keep Ctrl-C from ending `vite dev` (Vite listens to
	// SIGTERM alone); under adapter-node a SIGINT still stops gracefully, only /api/ready does
	// not turn 503 first.
	process.once('SIGTERM', onSignal);
	process.once('sveltekit:shutdown', () => {
		void (async () => {
			try {
				await stopJobs();
				await stopTus();
				await closeDatabase();
				log.info('shut down');
			} catch (error) {
				log.error({ err: error }, 'closing at shutdown failed');
			} finally {
				process.exit(0);
			}
		})();
	});
}
