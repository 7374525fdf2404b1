/**
 * The load test's client-side log: every HTTP attempt with its answer and time, and every write
 * the server acknowledged (a sync.push answered `applied`, an upload answered complete). The
 * check against the database and the summary table are computed from this log only.
 */

export type Kind = 'push' | 'pull' | 'upload' | 'queue';

/** An HTTP status, or why no status came. */
export type Answer = number | 'network' | 'timeout';

export interface Attempt {
	kind: Kind;
	/** performance.now() when the answer (or the failure) came. */
	at: number;
	ms: number;
	answer: Answer;
	/** The answer the workload wanted (200 for reads, `applied` for a save, 201/204 for tus). */
	ok: boolean;
	/** A 503 carried Retry-After (the app's outage answer). */
	retryAfter: boolean;
	/** The start of the answer's body, for failure messages. */
	detail?: string;
}

export interface AckedSave {
	caseId: string;
	clientId: string;
	mutationId: string;
	n: number;
	at: number;
}

export interface AckedUpload {
	attachmentId: string;
	caseId: string;
	sha256: string;
	size: number;
	at: number;
	/** How the client learnt it: the finishing PATCH's 204, or a HEAD after a lost answer. */
	via: 'patch' | 'head';
}

export interface LoadLog {
	attempts: Attempt[];
	saves: AckedSave[];
	uploads: AckedUpload[];
	/** Answers no retry can change (a refusal, an unknown reply): the loop that got one stops. */
	surprises: string[];
}

export function newLog(): LoadLog {
	return { attempts: [], saves: [], uploads: [], surprises: [] };
}

/** A request answered later than this counts as hung (an outage's waits are 5 s + 15 s). */
export const REQUEST_LIMIT_MS = 60_000;

/**
 * `fetch` with the attempt logged: `okWhen` says whether the answer is the one wanted (it may
 * read the body, which `fetch` then hands back already read as text).
 */
export async function logged(
	log: LoadLog,
	kind: Kind,
	url: string,
	init: RequestInit,
	okWhen: (res: Response, text: string) => boolean
): Promise<{ res: Response; text: string } | null> {
	const t0 = performance.now();
	try {
		const res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_LIMIT_MS) });
		const text = await res.text();
		const at = performance.now();
		const ok = okWhen(res, text);
		log.attempts.push({
			kind,
			at,
			ms: at - t0,
			answer: res.status,
			ok,
			retryAfter: res.status === 503 && res.headers.has('retry-after'),
			...(ok ? {} : { detail: text.slice(0, 200) })
		});
		return { res, text };
	} catch (error) {
		const at = performance.now();
		const name = (error as Error).name;
		const answer: Answer = name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network';
		const detail = String((error as Error).cause ?? error).slice(0, 200);
		log.attempts.push({ kind, at, ms: at - t0, answer, ok: false, retryAfter: false, detail });
		return null;
	}
}
