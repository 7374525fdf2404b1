import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Sql } from '../../src/server/db/client';
import { computeIdCheckChar } from '../../src/lib/domain/id-number';
import { smsLogOf } from './app';

/**
 * Applicants saving a module through `sync.push` over HTTP, one mutation a request, each retried
 * with the same id until it is answered (as the device's outbox does), with every answer logged.
 */

export const MODULE = 'work_summary';
/** A request answered later than this counts as a hang (connect 5 s + statement 15 s + slack). */
export const REQUEST_LIMIT_MS = 25_000;
const RETRY_MS = 100;

export type Outcome =
	'applied' | '503' | '500' | 'other-status' | 'network' | 'timeout' | 'refused';

export interface Attempt {
	/** performance.now() when the answer came. */
	at: number;
	ms: number;
	outcome: Outcome;
}

export interface AppliedSave {
	mutationId: string;
	n: number;
	revision: number;
	at: number;
}

export interface Saver {
	userId: string;
	caseId: string;
	/** The case.create mutation, recorded beside the saves. */
	createId: string;
	applied: AppliedSave[];
	attempts: Attempt[];
	/** Answers that were neither applied nor an outage, for failure messages. */
	surprises: string[];
}

interface TrpcReply {
	result?: { data: unknown };
	error?: { message: string; data?: { httpStatus?: number } };
}

async function post(url: string, path: string, body: unknown, cookie?: string, address?: string) {
	const res = await fetch(`${url}/api/trpc/${path}`, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			origin: url,
			...(cookie ? { cookie } : {}),
			...(address ? { 'x-forwarded-for': address } : {})
		},
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(REQUEST_LIMIT_MS)
	});
	const text = await res.text();
	let json: TrpcReply | null = null;
	try {
		json = JSON.parse(text) as TrpcReply;
	} catch {
		// a non-JSON answer is reported by status below
	}
	return { res, json, text };
}

/** A test identity of the development registry (born 1900-01-01, named 测试用户; README). */
function idNumber(n: number): string {
	const area = `32${String(Math.floor(n / 1000) % 10_000).padStart(4, '0')}`;
	const first17 = `${area}19000101${String(n % 1000).padStart(3, '0')}`;
	return first17 + computeIdCheckChar(first17);
}

/** The code the app's development SMS provider logged for this mobile. */
async function smsCode(url: string, mobile: string): Promise<string> {
	const file = smsLogOf(url);
	if (!file) throw new Error(`no SMS log for ${url}`);
	for (let tries = 0; tries < 100; tries++) {
		const line = (existsSync(file) ? readFileSync(file, 'utf8') : '')
			.split('\n')
			.findLast((l) => l.includes(` register ${mobile} `));
		if (line) return line.split(' ').at(-1)!;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error(`no SMS code for ${mobile}`);
}

/** Registers an applicant through auth.register (the session cookie comes back) and opens a case. */
export async function registerSaver(
	url: string,
	i: number,
	salt: number
): Promise<{ saver: Saver; cookie: string }> {
	const mobile = `139${String(salt % 10_000).padStart(4, '0')}${String(i).padStart(4, '0')}`;
	const address = `10.77.${Math.floor(i / 250)}.${(i % 250) + 1}`;
	const sent = await post(
		url,
		'auth.sendCode',
		{ mobile, purpose: 'register' },
		undefined,
		address
	);
	if (!sent.res.ok)
		throw new Error(`sendCode ${i}: HTTP ${sent.res.status} ${sent.text.slice(0, 300)}`);
	const reg = await post(
		url,
		'auth.register',
		{
			name: '测试用户',
			idNumber: idNumber(salt * 100 + i),
			mobile,
			password: 'Zhicheng#2026',
			code: await smsCode(url, mobile)
		},
		undefined,
		address
	);
	const cookie = reg.res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0] ?? '')
		.find((c) => c.startsWith('zc_session='));
	const userId = (reg.json?.result?.data as { userId?: string } | undefined)?.userId;
	if (!reg.res.ok || !cookie || !userId)
		throw new Error(`register ${i}: HTTP ${reg.res.status} ${reg.text.slice(0, 300)}`);
	const caseId = randomUUID();
	const createId = randomUUID();
	const created = await post(
		url,
		'sync.push',
		{
			clientId: randomUUID(),
			mutations: [{ id: createId, caseId, op: 'case.create', payload: { kind: 'review' } }]
		},
		cookie
	);
	if (!created.res.ok)
		throw new Error(`case.create ${i}: HTTP ${created.res.status} ${created.text.slice(0, 300)}`);
	return { saver: { userId, caseId, createId, applied: [], attempts: [], surprises: [] }, cookie };
}

type Answer = { outcome: Outcome; revision?: number; detail?: string };

async function pushOnce(
	url: string,
	cookie: string,
	clientId: string,
	m: unknown
): Promise<Answer> {
	try {
		const { res, json, text } = await post(url, 'sync.push', { clientId, mutations: [m] }, cookie);
		if (res.status === 503) {
			return res.headers.get('retry-after')
				? { outcome: '503' }
				: { outcome: 'other-status', detail: '503 without Retry-After' };
		}
		if (res.status === 500) return { outcome: '500', detail: text.slice(0, 300) };
		if (res.status !== 200)
			return { outcome: 'other-status', detail: `${res.status} ${text.slice(0, 300)}` };
		const [r] = (
			json?.result?.data as {
				results: {
					status: string;
					revision?: number;
					result?: { status: string; revision?: number };
				}[];
			}
		).results;
		const final = r?.status === 'duplicate' ? r.result : r;
		if (final?.status === 'applied' && typeof final.revision === 'number')
			return { outcome: 'applied', revision: final.revision };
		return { outcome: 'refused', detail: JSON.stringify(r).slice(0, 300) };
	} catch (error) {
		const name = (error as Error).name;
		return name === 'TimeoutError' || name === 'AbortError'
			? { outcome: 'timeout' }
			: { outcome: 'network', detail: String((error as Error).cause ?? error) };
	}
}

/**
 * Saves module `MODULE` again and again (data `{ n }`, each save from the last revision), each
 * mutation retried until answered, until `running()` is false; the save in flight is finished.
 */
export async function runSaver(
	url: string,
	cookie: string,
	saver: Saver,
	running: () => boolean
): Promise<void> {
	const clientId = randomUUID();
	let revision = saver.applied.at(-1)?.revision ?? 0;
	for (let n = saver.applied.length + 1; running(); n++) {
		const m = {
			id: randomUUID(),
			caseId: saver.caseId,
			op: 'module.save',
			module: MODULE,
			baseRevision: revision,
			payload: { data: { n, text: `第${n}次暂存` } }
		};
		for (;;) {
			const t0 = performance.now();
			const answer = await pushOnce(url, cookie, clientId, m);
			const at = performance.now();
			saver.attempts.push({ at, ms: at - t0, outcome: answer.outcome });
			if (answer.outcome === 'applied') {
				revision = answer.revision!;
				saver.applied.push({ mutationId: m.id, n, revision, at });
				break;
			}
			if (answer.detail) saver.surprises.push(`${answer.outcome}: ${answer.detail}`);
			// No app to answer any more: its fate is unknown, and waiting for one would never end.
			if (answer.outcome === 'refused' || (answer.outcome === 'network' && !running())) return;
			await new Promise((r) => setTimeout(r, RETRY_MS));
		}
	}
}

/**
 * Differences between what the clients were told and what the database holds: every applied
 * mutation recorded once and no other, and each module's revision and data showing each applied
 * save took effect exactly once.
 */
export async function checkAgainstDatabase(sql: Sql, savers: Saver[]): Promise<string[]> {
	const problems: string[] = [];
	for (const s of savers) {
		const rows = await sql<{ mutationId: string }[]>`
			select mutation_id from applied_mutations
			where user_id = ${s.userId} and mutation_id <> ${s.createId}`;
		const recorded = new Set(rows.map((r) => r.mutationId));
		const told = new Set(s.applied.map((a) => a.mutationId));
		const missing = [...told].filter((id) => !recorded.has(id)).length;
		const unknown = [...recorded].filter((id) => !told.has(id)).length;
		if (missing) problems.push(`${s.userId}: ${missing} saves answered applied are not recorded`);
		if (unknown)
			problems.push(`${s.userId}: ${unknown} recorded saves were never answered applied`);
		const [mod] = await sql<{ revision: number; data: { n: number } }[]>`
			select revision, data from case_modules where case_id = ${s.caseId} and module = ${MODULE}`;
		const last = s.applied.at(-1);
		if (last && (mod?.revision !== s.applied.length || mod.data.n !== last.n)) {
			problems.push(
				`${s.userId}: module at revision ${mod?.revision} with n=${mod?.data.n}, ` +
					`the client saw ${s.applied.length} saves applied, the last with n=${last.n}`
			);
		}
	}
	return problems;
}

export type OutcomeCounts = Record<Outcome, number>;

/** Answers that came between `from` and `to` (performance.now()), by outcome, and the slowest 503. */
export function countOutcomes(savers: Saver[], from: number, to = Infinity) {
	const counts: OutcomeCounts = {
		applied: 0,
		'503': 0,
		'500': 0,
		'other-status': 0,
		network: 0,
		timeout: 0,
		refused: 0
	};
	let slowest503 = 0;
	for (const saver of savers) {
		for (const a of saver.attempts) {
			if (a.at < from || a.at > to) continue;
			counts[a.outcome]++;
			if (a.outcome === '503') slowest503 = Math.max(slowest503, a.ms);
		}
	}
	return { counts, slowest503 };
}

/**
 * Seconds from `since` (performance.now()) to the first save applied after it; throws after
 * `limitS`, or at once when `died()` says the app is gone.
 */
export async function secondsToFirstApplied(
	savers: Saver[],
	since: number,
	died: () => string | null,
	limitS = 30
): Promise<number> {
	const deadline = performance.now() + limitS * 1000;
	for (;;) {
		let first = Infinity;
		for (const saver of savers) {
			for (let i = saver.applied.length - 1; i >= 0 && saver.applied[i]!.at > since; i--) {
				first = Math.min(first, saver.applied[i]!.at);
			}
		}
		if (first !== Infinity) return (first - since) / 1000;
		const why = died();
		if (why) throw new Error(`the app process died (${why})`);
		if (performance.now() > deadline) throw new Error(`no save applied within ${limitS} s`);
		await new Promise((r) => setTimeout(r, 20));
	}
}
