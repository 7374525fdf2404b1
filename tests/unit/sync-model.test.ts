import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sameJson } from '../../src/lib/domain/canonical-json';
import type { Mutation, MutationResult, PushInput } from '../../src/lib/domain/sync';
import { ZhichengDB } from '../../src/lib/offline/db';
import { flushOutbox, MAX_BACKOFF_MS } from '../../src/lib/offline/outbox';
import { pullChanges } from '../../src/lib/offline/pull';
import { TransportError, type SyncTransport } from '../../src/lib/offline/transport';
import { createDraft, resolveConflict } from '../../src/lib/offline/writes';
import { foldJournal, journalEdit } from '../../src/lib/offline/journal';
import { clientIdOf } from '../../src/lib/offline/meta';
import { createCaller } from '../../src/server/trpc/routers/_app';
import { contextFor } from '../helpers/context';
import { openTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * Model-based test of the whole sync path: two devices of one applicant (real Dexie code on
 * fake-indexeddb) and the real tRPC procedures on real PostgreSQL, through random sequences of
 * edits (saved, or only journaled as a keystroke is), lost requests (before and after the server
 * applied them), edits made while a request is on its way (its answer then lost or not),
 * duplicate deliveries, page reloads (memory lost; device store and journal kept), server
 * restarts, pulls and conflict resolutions.
 */

const RUNS = Number(process.env.SYNC_MODEL_RUNS ?? 1000);
const MODULES = ['basic_info', 'education', 'work_summary'] as const;
type ModuleKey = (typeof MODULES)[number];
/** `edit-*`: the person edits `module` while the request is at the server, then the answer arrives or is lost. */
type Fault = 'ok' | 'lost-before' | 'lost-after' | 'duplicate' | 'edit-then-ok' | 'edit-then-lost';
/** A save (journaled and folded into the module row and outbox) or a keystroke only journaled. */
type EditVia = 'save' | 'journal';

type Action =
	| { t: 'edit'; device: number; module: ModuleKey; via: EditVia }
	| { t: 'flush'; device: number; fault: Fault; module: ModuleKey }
	| { t: 'pull'; device: number; fault: 'ok' | 'lost-after' }
	| { t: 'resolve'; device: number; pick: 'mine' | 'theirs' | 'merge' }
	| { t: 'reload'; device: number }
	| { t: 'restart' };

const device = fc.integer({ min: 0, max: 1 });
const actionArb: fc.Arbitrary<Action> = fc.oneof(
	{
		weight: 6,
		arbitrary: fc.record({
			t: fc.constant('edit' as const),
			device,
			module: fc.constantFrom(...MODULES),
			via: fc.constantFrom<EditVia>('save', 'save', 'journal')
		})
	},
	{
		weight: 4,
		arbitrary: fc.record({
			t: fc.constant('flush' as const),
			device,
			fault: fc.constantFrom<Fault>(
				'ok',
				'ok',
				'lost-before',
				'lost-after',
				'duplicate',
				'edit-then-ok',
				'edit-then-lost'
			),
			module: fc.constantFrom(...MODULES)
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
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('reload' as const), device }) },
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
	/** Which client wrote each revision of each module. */
	writers = new Map<string, Map<number, string>>();
	/** Every conflict the server answered, with the base the mutation was checked against. */
	conflicts: { module: string; base: number; serverRevision: number; clientId: string }[] = [];
	/** Saves applied over another client's revision they were not based on (must stay empty). */
	overwrites: { module: string; base: number; revision: number }[] = [];

	record(clientId: string, mutations: Mutation[], results: MutationResult[]) {
		results.forEach((r, i) => {
			const m = mutations[i]!;
			this.answers.set(m.id, [...(this.answers.get(m.id) ?? []), r]);
			if (m.op !== 'module.save') return;
			if (r.status === 'applied') {
				this.accepted.set(m.module, [...(this.accepted.get(m.module) ?? []), m.payload.data]);
				const writers = this.writers.get(m.module) ?? new Map<number, string>();
				this.writers.set(m.module, writers);
				// An identical save answers the revision already there: not a write of its own.
				if (r.revision !== undefined && !writers.has(r.revision)) {
					if (this.otherWriterBetween(m.module, clientId, m.baseRevision, r.revision - 1)) {
						this.overwrites.push({ module: m.module, base: m.baseRevision, revision: r.revision });
					}
					writers.set(r.revision, clientId);
				}
			} else if (r.status === 'conflict') {
				this.conflicts.push({
					module: m.module,
					base: m.baseRevision,
					serverRevision: r.server.revision,
					clientId
				});
			}
		});
	}

	/** Whether a client other than `clientId` wrote `module` in revisions (after, upTo]. */
	otherWriterBetween(module: string, clientId: string, after: number, upTo: number): boolean {
		for (const [revision, writer] of this.writers.get(module) ?? []) {
			if (revision > after && revision <= upTo && writer !== clientId) return true;
		}
		return false;
	}
}

function transportFor(
	log: ServerLog,
	fault: () => Fault,
	whileAtServer: () => Promise<void> = async () => {}
): SyncTransport {
	// One signed-in session per database connection pool (a restart opens a new one).
	let session: { sql: unknown; caller: Promise<ReturnType<typeof createCaller>> } | null = null;
	const caller = () => {
		if (session?.sql !== db.sql) {
			session = {
				sql: db.sql,
				caller: contextFor(db.sql, userId).then((ctx) => createCaller(ctx))
			};
		}
		return session.caller;
	};
	return {
		async push(input: PushInput) {
			const f = fault();
			if (f === 'lost-before') throw new TransportError('network', 'lost before the server');
			const { results } = await (await caller()).sync.push(input);
			log.record(input.clientId, input.mutations, results);
			if (f === 'edit-then-ok' || f === 'edit-then-lost') await whileAtServer();
			if (f === 'lost-after' || f === 'edit-then-lost') {
				throw new TransportError('network', 'reply lost');
			}
			if (f === 'duplicate') {
				const again = await (await caller()).sync.push(input);
				log.record(input.clientId, input.mutations, again.results);
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
	name: string;
	clientId: string;
	/** The last words typed per module, and whether they surfaced in a conflict. */
	typed: Map<ModuleKey, { data: Record<string, unknown>; surfaced: boolean }>;
}

/** Per module: the lowest base this device may be building on, and the conflict it shows. */
type Bases = Map<string, { base: number; conflictRevision: number | null }>;

async function basesOf(d: Device, caseId: string): Promise<Bases> {
	const bases: Bases = new Map();
	for (const row of await moduleRows(d, caseId)) {
		bases.set(row.module, {
			base: row.baseRevision,
			conflictRevision: row.conflict?.serverRevision ?? null
		});
	}
	for (const item of await d.db.outbox.where('caseId').equals(caseId).toArray()) {
		if (item.op !== 'module.save' || item.frozen?.baseRevision == null) continue;
		const seen = bases.get(item.module!) ?? { base: Infinity, conflictRevision: null };
		seen.base = Math.min(seen.base, item.frozen.baseRevision);
		bases.set(item.module!, seen);
	}
	return bases;
}

/**
 * A device never conflicts with itself: a conflict appears only when another client wrote the
 * module after the base this device built on (its own writes, answered or not, do not count).
 */
async function checkNoSelfConflict(d: Device, caseId: string, before: Bases, log: ServerLog) {
	for (const row of await moduleRows(d, caseId)) {
		if (!row.conflict) continue;
		const was = before.get(row.module);
		if (was?.conflictRevision === row.conflict.serverRevision) continue;
		const base = Math.min(was?.base ?? 0, row.baseRevision);
		expect(
			log.otherWriterBetween(row.module, d.clientId, base, row.conflict.serverRevision),
			`conflict on ${row.module} (base ${base}, server revision ${row.conflict.serverRevision}) with no other writer`
		).toBe(true);
	}
}

async function newestJournaled(d: Device, caseId: string, module: string) {
	return d.db.journal
		.where('[caseId+module+seq]')
		.between([caseId, module, -Infinity], [caseId, module, Infinity], true, true)
		.last();
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
			const journaled = await newestJournaled(d, caseId, module);
			const reached = (log.accepted.get(module) ?? []).some((x) => sameJson(x, typed.data));
			expect(
				reached ||
					typed.surfaced ||
					sameJson(row?.data, typed.data) ||
					sameJson(journaled?.data, typed.data),
				`device words for ${module} lost`
			).toBe(true);
		}
		const refused = await d.db.outbox.where('state').equals('needs-action').toArray();
		expect(refused, JSON.stringify(refused)).toEqual([]);
	}
	// No silent overwrite: a save is applied over another client's revision only if it built on it.
	expect(log.overwrites, JSON.stringify(log.overwrites)).toEqual([]);
	// The server answers a conflict only when another client wrote the module after the base.
	for (const c of log.conflicts) {
		expect(
			log.otherWriterBetween(c.module, c.clientId, c.base, c.serverRevision),
			`conflict answered on ${c.module} (base ${c.base}, server revision ${c.serverRevision}) with no other writer`
		).toBe(true);
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
			const before = await basesOf(d, caseId);
			moved += await foldJournal(d.db);
			const flushed = await flushOutbox(d.db, ok, later());
			expect(flushed.failure).toBeNull();
			moved += flushed.sent + (await pullChanges(d.db, ok));
			await checkNoSelfConflict(d, caseId, before, log);
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
	const devices: Device[] = [];
	for (const i of [0, 1]) {
		const name = `model-${i}-${crypto.randomUUID()}`;
		const local = new ZhichengDB(name);
		devices.push({ db: local, name, clientId: await clientIdOf(local), typed: new Map() });
	}
	let fault: Fault = 'ok';
	let edits = 0;
	const edit = async (d: Device, module: ModuleKey, via: EditVia) => {
		const data = { v: `d${devices.indexOf(d)}-${++edits}` };
		// As the editor does: every change is journaled, then folded into a save after a pause
		// (or not, when the page goes before that).
		await journalEdit(d.db, caseId, module, data);
		if (via === 'save') await foldJournal(d.db, { caseId, module });
		d.typed.set(module, { data, surfaced: false });
	};
	let inFlightEdit: () => Promise<void> = async () => {};
	const transport = transportFor(
		log,
		() => fault,
		() => inFlightEdit()
	);
	let caseId = '';
	try {
		caseId = await createDraft(devices[0]!.db, 'review');
		// A draft reaches the server with its first write (an untouched one is never sent).
		await edit(devices[0]!, 'basic_info', 'save');
		await flushOutbox(devices[0]!.db, transport, later());
		await pullChanges(devices[1]!.db, transport);

		for (const a of actions) {
			const before = await Promise.all(devices.map((d) => basesOf(d, caseId)));
			if (a.t === 'restart') {
				await db.reconnect();
			} else {
				const d = devices[a.device]!;
				if (a.t === 'edit') {
					await edit(d, a.module, a.via);
				} else if (a.t === 'reload') {
					// The page's memory is gone; what it wrote to IndexedDB (rows, outbox, journal) stays.
					d.db.close();
					d.db = new ZhichengDB(d.name);
				} else if (a.t === 'flush') {
					fault = a.fault;
					let edited = false;
					inFlightEdit = async () => {
						// Once: the edit's own save goes in the same flush, on a network that works.
						if (!edited) await edit(d, a.module, 'save');
						edited = true;
					};
					// As the sync engine's pass: journaled words first, then the outbox.
					await foldJournal(d.db);
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
			for (const [i, d] of devices.entries()) await checkNoSelfConflict(d, caseId, before[i]!, log);
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
	it(`keeps every edit, applies each mutation once, never conflicts a device with itself and converges (${RUNS} runs)`, async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(actionArb, { minLength: 1, maxLength: 20 }), runScenario),
			{ numRuns: RUNS, seed: Number(process.env.SYNC_MODEL_SEED ?? 20261128), endOnFailure: true }
		);
	}, 1_800_000);
});
