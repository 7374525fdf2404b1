import fc from 'fast-check';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import * as z from 'zod/mini';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../src/server/trpc/context';
import { appRouter } from '../../src/server/trpc/routers/_app';
import { errorMessage } from '../../src/lib/i18n/errors';
import { authSettings } from '../../src/server/auth/settings';
import { seedDemoAccounts } from '../../src/server/seed/demo';
import { anonymousContext, contextFor, userIdBy } from '../helpers/context';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import {
	mutatedArbitrary,
	validArbitrary,
	type JsonSchema
} from '../helpers/json-schema-arbitrary';

/**
 * Every tRPC procedure, through the same fetch handler as /api/trpc, fed inputs derived from its
 * own zod schema: hostile ones (wrong types, keys missing or extra, 1 MB strings, deep nesting,
 * lone surrogates, prototype keys) must get a 400 with a message and change nothing; valid ones
 * may be refused for their meaning but never with a 5xx. Seeded, so a failure replays.
 */

const SEED = 20261205;
// Per procedure; with about 40 procedures that take input, over 5,000 inputs in all.
const INVALID_RUNS = 72;
const VALID_RUNS = 60;
/** Procedures whose valid calls would end the session the fuzzer calls with. */
const SESSION_ENDING = new Set([
	'auth.logout',
	'auth.logoutEverywhere',
	'auth.changePassword',
	'auth.resetPassword'
]);
/** What the role checks answer (trpc.ts): any other answer means the caller got past them. */
const ROLE_REFUSALS = new Set([
	errorMessage('login_required', 'zh-CN'),
	errorMessage('forbidden', 'zh-CN')
]);
/** Tables a refused call may still write: abuse counters and the session's last use. */
const COUNTERS = new Set(['throttles', 'sessions']);

type Procedure = {
	_def: { type: 'query' | 'mutation' | 'subscription'; inputs: unknown[] };
};
const procedures = Object.entries(
	(appRouter as unknown as { _def: { procedures: Record<string, Procedure> } })._def.procedures
);

let db: TestDatabase;
let contexts: Context[];
const actionsPerMinute = authSettings.userActionsPerMinute;
beforeAll(async () => {
	// Thousands of calls a minute from one person: the abuse limit would answer most of them.
	authSettings.userActionsPerMinute = 1_000_000;
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql);
	contexts = [anonymousContext(db.sql)];
	for (const login of ['13800000001', 'dept01', 'admin'])
		contexts.push(await contextFor(db.sql, await userIdBy(db.sql, login)));
});
afterAll(async () => {
	authSettings.userActionsPerMinute = actionsPerMinute;
	await db?.close();
});

interface Answer {
	status: number;
	body: { error?: { message?: string; data?: { code?: string } } } | unknown;
}

async function call(path: string, type: string, input: unknown, ctx: Context): Promise<Answer> {
	const json = JSON.stringify(input) ?? 'null';
	const url = new URL(`http://localhost/api/trpc/${path}`);
	const init: RequestInit =
		type === 'query'
			? {}
			: { method: 'POST', body: json, headers: { 'content-type': 'application/json' } };
	if (type === 'query') url.searchParams.set('input', json);
	const res = await fetchRequestHandler({
		endpoint: '/api/trpc',
		req: new Request(url, init),
		router: appRouter,
		createContext: () => ctx,
		onError: () => {}
	});
	const text = await res.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// not JSON: kept as text for the failure message
	}
	return { status: res.status, body };
}

/** The first context that gets past the procedure's role check with a valid input. */
async function contextOf(path: string, p: Procedure): Promise<Context> {
	const schema = inputSchema(p);
	const [input] = schema
		? fc.sample(validArbitrary(jsonSchemaOf(schema)), { seed: SEED, numRuns: 1 })
		: [undefined];
	for (const ctx of contexts) {
		const { body } = await call(path, p._def.type, input, ctx);
		if (!ROLE_REFUSALS.has((body as { error?: { message?: string } }).error?.message ?? ''))
			return ctx;
	}
	throw new Error(`no demo account may call ${path}`);
}

/** Rows of every table but the counters, as one comparable value. */
async function fingerprint(): Promise<Record<string, string>> {
	const tables = await db.sql<{ name: string }[]>`
		select table_name as name from information_schema.tables
		where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`;
	const out: Record<string, string> = {};
	for (const { name } of tables) {
		if (COUNTERS.has(name)) continue;
		const rows = await db.sql.unsafe<{ f: string }[]>(
			`select count(*)::text || ':' || coalesce(sum(hashtext(t::text)::bigint), 0)::text as f
			 from "${name}" t`
		);
		out[name] = rows[0]!.f;
	}
	return out;
}

function inputSchema(p: Procedure): z.ZodMiniType | null {
	return (p._def.inputs[0] as z.ZodMiniType | undefined) ?? null;
}

function jsonSchemaOf(schema: z.ZodMiniType): JsonSchema {
	return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

describe('fuzzing every procedure from its zod schema', () => {
	it('lists the procedures it fuzzes', () => {
		expect(procedures.length).toBeGreaterThan(40);
	});

	it('hostile inputs: a 400 with a message, never a 5xx, no row changed', async () => {
		let inputs = 0;
		for (const [path, p] of procedures) {
			const schema = inputSchema(p);
			if (!schema) continue;
			const ctx = await contextOf(path, p);
			const before = await fingerprint();
			const samples = fc.sample(
				mutatedArbitrary(jsonSchemaOf(schema)).filter(
					(v) => !z.safeParse(schema, JSON.parse(JSON.stringify(v) ?? 'null')).success
				),
				{ seed: SEED, numRuns: INVALID_RUNS }
			);
			for (const input of samples) {
				const answer = await call(path, p._def.type, input, ctx);
				const error = (answer.body as { error?: { message?: string } }).error;
				expect(answer.status, `${path} ${JSON.stringify(input)?.slice(0, 200)}`).toBe(400);
				expect(error?.message, path).toBeTruthy();
				inputs++;
			}
			expect(await fingerprint(), `${path} wrote from an invalid input`).toEqual(before);
		}
		console.log(`fuzz: ${inputs} hostile inputs, 0 5xx, 0 writes`);
		expect(inputs).toBeGreaterThan(2900);
	}, 600_000);

	it('valid inputs: answered or refused for their meaning, never a 5xx', async () => {
		let inputs = 0;
		const statuses = new Map<number, number>();
		for (const [path, p] of procedures) {
			if (SESSION_ENDING.has(path)) continue;
			const schema = inputSchema(p);
			const ctx = await contextOf(path, p);
			const samples = schema
				? fc.sample(validArbitrary(jsonSchemaOf(schema)), { seed: SEED, numRuns: VALID_RUNS })
				: [undefined];
			for (const input of samples) {
				const answer = await call(path, p._def.type, input, ctx);
				statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
				expect(answer.status, `${path} ${JSON.stringify(input)?.slice(0, 300)}`).toBeLessThan(500);
				inputs++;
			}
		}
		console.log(`fuzz: ${inputs} valid inputs, statuses ${JSON.stringify([...statuses])}`);
		expect(inputs).toBeGreaterThan(2300);
	}, 600_000);

	it('malformed JSON, a wrong content type and a batch of 1,000 calls are 4xx or answered', async () => {
		const admin = contexts[3]!;
		const post = (body: string, type: string) =>
			fetchRequestHandler({
				endpoint: '/api/trpc',
				req: new Request('http://localhost/api/trpc/admin.saveCommittee', {
					method: 'POST',
					body,
					headers: { 'content-type': type }
				}),
				router: appRouter,
				createContext: () => admin,
				onError: () => {}
			});
		const before = await fingerprint();
		expect((await post('{"name": ', 'application/json')).status).toBe(400);
		const wrongType = await post('name=x', 'application/x-www-form-urlencoded');
		expect(wrongType.status).toBeGreaterThanOrEqual(400);
		expect(wrongType.status).toBeLessThan(500);

		const paths = Array.from({ length: 1000 }, () => 'reference.regions').join(',');
		const batch = await fetchRequestHandler({
			endpoint: '/api/trpc',
			req: new Request(`http://localhost/api/trpc/${paths}?batch=1&input={}`),
			router: appRouter,
			createContext: () => contexts[0]!,
			onError: () => {}
		});
		expect(batch.status).toBeLessThan(500);
		expect(await fingerprint()).toEqual(before);
	}, 120_000);
});
