import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sameJson } from '../../src/lib/domain/canonical-json';
import type { Mutation, MutationResult, PushInput } from '../../src/lib/domain/sync';
import { ZhichengDB } from '../../src/lib/offline/db';
import { flushOutbox, MAX_BACKOFF_MS } from '../../src/lib/offline/outbox';
import { pullChanges } from '../../src/lib/offline/pull';
import { TransportError, type SyncTransport } from '../../src/lib/offline/transport';
import { createDraft, resolveConflict, saveModule } from '../../src/lib/offline/writes';
import { createCaller } from '../../src/server/trpc/routers/_app';
import { contextFor } from '../helpers/context';
import { openTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * Model-based test of the whole sync path: two devices of one applicant (real Dexie code on
 * fake-indexeddb) and the real tRPC procedures on real PostgreSQL, through random sequences of
 * edits, lost requests (before and after the server applied them), duplicate deliveries,
 * server restarts, pulls and conflict resolutions.
 */

const RUNS = Number(process.env.SYNC_MODEL_RUNS ?? 1000);
const MODULES = ['basic', 'education', 'work_summary'] as const;
type ModuleKey = (typeof MODULES)[number];
type Fault = 'ok' | 'lost-before' | 'lost-after' | 'duplicate';

type Action =
	| { t: 'edit'; device: number; module: ModuleKey }
	| { t: 'flush'; device: number; fault: Fault }
	| { t: 'pull'; device: number; fault: 'ok' | 'lost-after' }
	| { t: 'resolve'; device: number; pick: 'mine' | 'theirs' | 'merge' }
	| { t: 'restart' };

const device = fc.integer({ min: 0, max: 1 });
const actionArb: fc.Arbitrary<Action> = fc.oneof(
	{
		weight: 6,
		arbitrary: fc.record({
			t: fc.constant('edit' as const),
			device,
			module: fc.constantFrom(...MODULES)
		})
	},
	{
		weight: 4,
		arbitrary: fc.record({
			t: fc.constant('flush' as const),
			device,
			fault: fc.constantFrom<Fault>('ok', 'ok', 'lost-before', 'lost-after', 'duplicate')
		})
	},
	{
		weight: 3,
		arbitrary: fc.record({
			t: fc.constant('pull' as const),
			device,
			fault: fc.constantFrom<'ok' | 'lost-after'>('ok', 'ok', 'lost-after')
		})
	},
	{
		weight: 2,
		arbitrary: fc.record({
			t: fc.constant('resolve' as const),
			device,
			pick: fc.constantFrom<'mine' | 'theirs' | 'merge'>('mine', 'theirs', 'merge')
		})
	},
	{ weight: 1, arbitrary: fc.constant({ t: 'restart' as const }) }
);

let db: TestDatabase;
let userId: string;

beforeAll(async () => {
	db = await openTestDatabase();
});

/** A fresh applicant per run, so every run pulls only its own history. */
async function newApplicant(): Promise<string> {
	const n = String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
	const [user] = await db.sql<{ id: string }[]>`
		insert into users (kind, name, id_number, mobile, password_hash)
		values ('applicant', '测试', ${'M' + n}, ${'19' + n}, 'not-a-login') returning id`;
	await db.sql`insert into user_roles (user_id, role) values (${user!.id}, 'applicant')`;
	return user!.id;
}
afterAll(() => db.close());

/** Everything the server answered, per mutation id, including answers the device never got. */
class ServerLog {
	answers = new Map<string, MutationResult[]>();
	/** Module data the server accepted (fresh or identical), per module. */
	accepted = new Map<string, unknown[]>();

	record(mutations: Mutation[], results: MutationResult[]) {
		results.forEach((r, i) => {
			const m = mutations[i]!;
			this.answers.set(m.id, [...(this.answers.get(m.id) ?? []), r]);
			const inner = r.status === 'duplicate' ? r.result : r;
			if (m.op === 'module.save' && inner.status === 'applied') {
				this.accepted.set(m.module, [...(this.accepted.get(m.module) ?? []), m.payload.data]);
			}
		});
	}
}

function transportFor(log: ServerLog, fault: () => Fault): SyncTransport {
	const caller = async () => createCaller(await contextFor(db.sql, userId));
	return {
		async push(input: PushInput) {
			const f = fault();
			if (f === 'lost-before') throw new TransportError('network', 'lost before the server');
			const { results } = await (await caller()).sync.push(input);
			log.record(input.mutations, results);
			if (f === 'lost-after') throw new TransportError('network', 'reply lost');
			if (f === 'duplicate') {
				const again = await (await caller()).sync.push(input);
				log.record(input.mutations, again.results);
				return again;
			}
			return { results };
		},
		async pull(input) {
			const page = await (await caller()).sync.pull(input);
			if (fault() === 'lost-after') throw new TransportError('network', 'reply lost');
			return page;
		}
	};
}

interface Device {
	db: ZhichengDB;
	/** The last words typed per module, and whether they surfaced in a conflict. */
	typed: Map<ModuleKey, { data: Record<string, unknown>; surfaced: boolean }>;
}

async function moduleRows(d: Device, caseId: string) {
	return d.db.modules.where('caseId').equals(caseId).toArray();
}

async function serverModule(caseId: string, module: string) {
	const [row] = await db.sql<{ data: Record<string, unknown>; revision: number }[]>`
		select data, revision from case_modules where case_id = ${caseId} and module = ${module}`;
	return row ?? null;
}

/** Invariants that hold after every step. */
async function checkStep(devices: Device[], caseId: string, log: ServerLog) {
	for (const d of devices) {
		for (const row of await moduleRows(d, caseId)) {
			const typed = d.typed.get(row.module as ModuleKey);
			if (row.conflict) {
				// Both versions are there: the device's own words and the server's real version.
				if (typed) typed.surfaced = true;
				const server = await serverModule(caseId, row.module);
				expect(server).not.toBeNull();
				if (server!.revision === row.conflict.serverRevision) {
					expect(row.conflict.serverData).toEqual(server!.data);
				}
				expect(sameJson(row.data, row.conflict.serverData)).toBe(false);
			}
		}
		// No lost edit: the last words typed are on the device, on the server, or were shown.
		for (const [module, typed] of d.typed) {
			const row = await d.db.modules.get([caseId, module]);
			const reached = (log.accepted.get(module) ?? []).some((x) => sameJson(x, typed.data));
			expect(
				reached || typed.surfaced || sameJson(row?.data, typed.data),
				`device words for ${module} lost`
			).toBe(true);
		}
		const refused = await d.db.outbox.where('state').equals('needs-action').toArray();
		expect(refused, JSON.stringify(refused)).toEqual([]);
	}
	// Exactly once: every repeat of a mutation got the first answer back, never a second effect.
	for (const [id, answers] of log.answers) {
		const [first, ...rest] = answers;
		expect(first!.status, id).not.toBe('duplicate');
		for (const later of rest) expect(later, id).toEqual({ id, status: 'duplicate', result: first });
	}
}

/** Virtual time: each flush happens after any backoff has passed (time moves on between them). */
let clock = Date.now();
const later = () => (clock += MAX_BACKOFF_MS + 1000);

/** Everyone back online: sync until a whole round sends and receives nothing ('keep mine' on conflicts). */
async function settle(devices: Device[], caseId: string, log: ServerLog) {
	const ok = transportFor(log, () => 'ok');
	for (let round = 0; round < 10; round++) {
		let moved = 0;
		for (const d of devices) {
			const flushed = await flushOutbox(d.db, ok, later());
			expect(flushed.failure).toBeNull();
			moved += flushed.sent + (await pullChanges(d.db, ok));
			for (const row of await moduleRows(d, caseId)) {
				if (!row.conflict) continue;
				await resolveConflict(d.db, caseId, row.module, row.data);
				moved++;
			}
		}
		if (moved === 0) return;
	}
	throw new Error('the devices did not settle in 10 rounds');
}

async function runScenario(actions: Action[]) {
	userId = await newApplicant();
	const log = new ServerLog();
	const devices: Device[] = [0, 1].map((i) => ({
		db: new ZhichengDB(`model-${i}-${crypto.randomUUID()}`),
		typed: new Map()
	}));
	let fault: Fault = 'ok';
	const transport = transportFor(log, () => fault);
	let edits = 0;
	try {
		const caseId = await createDraft(devices[0]!.db, 'review');
		await flushOutbox(devices[0]!.db, transport, later());
		await pullChanges(devices[1]!.db, transport);

		for (const a of actions) {
			if (a.t === 'restart') {
				await db.reconnect();
			} else {
				const d = devices[a.device]!;
				if (a.t === 'edit') {
					const data = { v: `d${a.device}-${++edits}` };
					await saveModule(d.db, caseId, a.module, data);
					d.typed.set(a.module, { data, surfaced: false });
				} else if (a.t === 'flush') {
					fault = a.fault;
					await flushOutbox(d.db, transport, later());
				} else if (a.t === 'pull') {
					fault = a.fault;
					await pullChanges(d.db, transport).catch((e: unknown) => {
						if (!(e instanceof TransportError)) throw e;
					});
				} else {
					for (const row of await moduleRows(d, caseId)) {
						if (!row.conflict) continue;
						const server = row.conflict.serverData;
						const chosen =
							a.pick === 'mine'
								? row.data
								: a.pick === 'theirs'
									? server
									: { v: `${String(row.data.v)}+${String(server.v)}` };
						await resolveConflict(d.db, caseId, row.module, chosen);
						d.typed.set(row.module as ModuleKey, { data: chosen, surfaced: false });
					}
				}
			}
			fault = 'ok';
			await checkStep(devices, caseId, log);
		}

		await settle(devices, caseId, log);
		await checkStep(devices, caseId, log);
		// Both devices converge on the server's version, with nothing left to send or choose.
		for (const module of MODULES) {
			const server = await serverModule(caseId, module);
			for (const d of devices) {
				const row = await d.db.modules.get([caseId, module]);
				expect(row?.data ?? null).toEqual(server?.data ?? null);
				expect(row?.dirty ?? false).toBe(false);
				expect(row?.conflict ?? null).toBeNull();
				expect(await d.db.outbox.count()).toBe(0);
			}
		}
	} finally {
		for (const d of devices) await d.db.delete();
	}
}

describe('sync model', () => {
	it(`keeps every edit, applies each mutation once and converges (${RUNS} runs)`, async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(actionArb, { minLength: 1, maxLength: 20 }), runScenario),
			{ numRuns: RUNS, seed: Number(process.env.SYNC_MODEL_SEED ?? 20261128), endOnFailure: true }
		);
	}, 1_800_000);
});
