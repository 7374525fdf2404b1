/**
 * Where a /files request's time goes, for the upload benchmark (bench/suites/upload.ts): with
 * UPLOAD_SERVER_TIMING=1 each tus answer carries a `Server-Timing` header, one entry per phase in
 * the order they ran (`limit;dur=1.2, facts;dur=0.8, …`, milliseconds). Off by default: the
 * header would tell anyone how long the server's checks take.
 */

export interface Laps {
	/** Ends the phase running since the last lap (or the start) under `name`. */
	lap(name: string): void;
}

const NO_LAPS: Laps = { lap() {} };

class Stopwatch implements Laps {
	readonly start = performance.now();
	private last = this.start;
	private readonly phases: string[] = [];

	lap(name: string): void {
		const now = performance.now();
		this.phases.push(`${name};dur=${(now - this.last).toFixed(1)}`);
		this.last = now;
	}

	header(): string {
		return [...this.phases, `total;dur=${(performance.now() - this.start).toFixed(1)}`].join(', ');
	}
}

const watches = new WeakMap<Request, Stopwatch>();

export function serverTimingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
	return env.UPLOAD_SERVER_TIMING === '1';
}

/** Starts timing a request (when enabled); `lapsOf` then records its phases. */
export function startTiming(req: Request, enabled: boolean): void {
	if (enabled) watches.set(req, new Stopwatch());
}

export function lapsOf(req: Request): Laps {
	return watches.get(req) ?? NO_LAPS;
}

/** The request's `Server-Timing` value, or null when it was not timed. */
export function serverTiming(req: Request): string | null {
	return watches.get(req)?.header() ?? null;
}
