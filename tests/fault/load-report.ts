import type { Attempt, Kind, LoadLog } from './load-log';

/**
 * How the load test reads its log. An outage window runs from a fault (PostgreSQL restarted, the
 * app killed) until the service answers again plus a grace: inside it, the outage's own answers
 * (503 with Retry-After; while the app is down, a refused or cut connection; tus's 423 for an
 * upload still locked) are retries the clients are built for, not errors. Any other answer that
 * is not the wanted one, inside a window or outside, is an error.
 */

export interface OutageWindow {
	label: string;
	from: number;
	to: number;
	/** The app process was gone: connections refused or cut are part of this outage. */
	processDown: boolean;
}

export interface Phase {
	label: string;
	from: number;
	to: number;
}

export type Verdict = 'ok' | 'retry' | 'error';

export function verdict(a: Attempt, windows: OutageWindow[]): Verdict {
	if (a.ok) return 'ok';
	// Windows may overlap (a restart's grace running into the kill).
	const inside = windows.filter((w) => a.at >= w.from && a.at <= w.to);
	if (inside.length === 0) return 'error';
	if ((a.answer === 503 && a.retryAfter) || a.answer === 423) return 'retry';
	if (a.answer === 'network' && inside.some((w) => w.processDown)) return 'retry';
	return 'error';
}

/** The nearest-rank percentile of `values` (0 when empty). */
export function percentile(values: number[], p: number): number {
	if (values.length === 0) return 0;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface Row {
	label: string;
	requests: number;
	ok: number;
	retries: number;
	errors: number;
	p50: number;
	p99: number;
	acked: number;
	found: number;
}

function row(
	label: string,
	attempts: Attempt[],
	windows: OutageWindow[],
	acked: string[],
	found: Set<string>
): Row {
	const verdicts = attempts.map((a) => verdict(a, windows));
	const served = attempts.filter((a) => a.ok).map((a) => a.ms);
	return {
		label,
		requests: attempts.length,
		ok: verdicts.filter((v) => v === 'ok').length,
		retries: verdicts.filter((v) => v === 'retry').length,
		errors: verdicts.filter((v) => v === 'error').length,
		p50: Math.round(percentile(served, 50)),
		p99: Math.round(percentile(served, 99)),
		acked: acked.length,
		found: acked.filter((id) => found.has(id)).length
	};
}

const ackedIn = (log: LoadLog, from: number, to: number, kinds?: Kind[]) => [
	...(kinds && !kinds.includes('push')
		? []
		: log.saves.filter((s) => s.at >= from && s.at < to).map((s) => s.mutationId)),
	...(kinds && !kinds.includes('upload')
		? []
		: log.uploads.filter((u) => u.at >= from && u.at < to).map((u) => u.attachmentId))
];

/** One row per phase (attempts and acknowledgements by the time they came), one per kind, a total. */
export function summarize(
	log: LoadLog,
	phases: Phase[],
	windows: OutageWindow[],
	found: Set<string>
): Row[] {
	const rows = phases.map((p) =>
		row(
			p.label,
			log.attempts.filter((a) => a.at >= p.from && a.at < p.to),
			windows,
			ackedIn(log, p.from, p.to),
			found
		)
	);
	for (const kind of ['push', 'pull', 'upload', 'queue'] as const) {
		const attempts = log.attempts.filter((a) => a.kind === kind);
		rows.push(
			row(`all: ${kind}`, attempts, windows, ackedIn(log, -Infinity, Infinity, [kind]), found)
		);
	}
	rows.push(row('all', log.attempts, windows, ackedIn(log, -Infinity, Infinity), found));
	return rows;
}

export function table(rows: Row[]): string {
	const head = [
		'phase',
		'requests',
		'ok',
		'retried',
		'errors',
		'p50 ms',
		'p99 ms',
		'writes acked',
		'found'
	];
	const body = rows.map((r) => [
		r.label,
		...[r.requests, r.ok, r.retries, r.errors, r.p50, r.p99, r.acked, r.found].map(String)
	]);
	const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
	const line = (cells: string[]) =>
		`| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
	return [
		line(head),
		`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
		...body.map(line)
	].join('\n');
}

/** The errors grouped by kind and answer (when the first came, seconds from `t0`; its detail). */
export function errorSample(
	log: LoadLog,
	windows: OutageWindow[],
	t0: number,
	limit = 10
): string[] {
	const groups = new Map<string, { n: number; first: number; detail: string }>();
	for (const a of log.attempts) {
		if (verdict(a, windows) !== 'error') continue;
		const key = `${a.kind} ${a.answer}`;
		const g = groups.get(key) ?? { n: 0, first: a.at, detail: a.detail ?? '' };
		g.n++;
		groups.set(key, g);
	}
	return [...groups]
		.slice(0, limit)
		.map(([k, g]) => `${k} ×${g.n}, first at ${((g.first - t0) / 1000).toFixed(1)} s: ${g.detail}`);
}
