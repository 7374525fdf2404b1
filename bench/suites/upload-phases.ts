import { median } from '../lib/stats';

/** A request's `Server-Timing` phases in the order they ran: name → milliseconds. */
export function parseServerTiming(header: string | null): Map<string, number> {
	const phases = new Map<string, number>();
	for (const entry of (header ?? '').split(',')) {
		const [name, ...params] = entry.trim().split(';');
		const dur = params.map((p) => /^\s*dur=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
		if (name && dur !== undefined) phases.set(name, Number(dur));
	}
	return phases;
}

interface Timed {
	phases: Map<string, number>;
	/** The request's time in the browser, send() to loadend. */
	clientMs: number;
}

/**
 * Where the server's time per upload request goes (the app answers with `Server-Timing` when
 * started with UPLOAD_SERVER_TIMING=1, src/server/files/upload-timing.ts): per method, the median
 * of each phase over the requests given, the server's total and the browser's time for the same
 * requests; `outside` is the browser's time minus the server's total (network, the hook's session
 * check, and for a PATCH the bytes the server waited for before the tus handler ran).
 */
export class PhaseBreakdown {
	private readonly byMethod = new Map<string, Timed[]>();

	add(method: string, serverTiming: string | null, clientMs: number): void {
		const phases = parseServerTiming(serverTiming);
		if (phases.size === 0) return;
		const list = this.byMethod.get(method) ?? [];
		list.push({ phases, clientMs });
		this.byMethod.set(method, list);
	}

	/** One line per method: `PATCH ×35: body 95.1, hash 0.1, …, total 120.3 | browser 130.2, outside 9.9`. */
	lines(): string[] {
		return [...this.byMethod].map(([method, list]) => {
			const names = [...new Set(list.flatMap((t) => [...t.phases.keys()]))];
			const of = (name: string) => median(list.map((t) => t.phases.get(name) ?? 0));
			const client = median(list.map((t) => t.clientMs));
			const outside = median(list.map((t) => t.clientMs - (t.phases.get('total') ?? 0)));
			const server = names.map((n) => `${n} ${of(n).toFixed(1)}`).join(', ');
			return `${method} ×${list.length}: ${server} | browser ${client.toFixed(1)}, outside ${outside.toFixed(1)}`;
		});
	}
}
