import 'fake-indexeddb/auto';
import { afterEach, expect, it } from 'vitest';
import { ZhichengDB } from './db';
import {
	cachedInitialRules,
	cachedProfile,
	readCachedReference,
	refreshApplicantData
} from './reference';

let db: ZhichengDB;

afterEach(async () => {
	db.close();
	await db.delete();
});

const profile = { name: '王小明', idNumber: '320102199001011234', unit: '南京某研究院' };
const rules = [{ level: 'C', series: 'engineering', minYears: 4 }];

/** The server's two answers (the network boundary, so a stand-in is fair here). */
function serverAnswering(p: unknown, r: unknown) {
	return {
		me: {
			declarant: { query: async () => p },
			initialRules: { query: async () => r }
		}
	} as unknown as Parameters<typeof refreshApplicantData>[1];
}

/** Counts the writes that reach the meta table (each one wakes every reader of its key). */
function countMetaWrites(target: ZhichengDB): { readonly n: number } {
	const counter = { n: 0 };
	target.meta.hook('creating', () => void counter.n++);
	target.meta.hook('updating', () => void counter.n++);
	return counter;
}

it('stores the profile and rules, and writes nothing when a refresh brings the same', async () => {
	db = new ZhichengDB(`reference-test-${process.pid}`);
	const writes = countMetaWrites(db);
	expect(await refreshApplicantData(db, serverAnswering(profile, rules))).toBe(true);
	expect(await cachedProfile(db)).toEqual(profile);
	expect(await cachedInitialRules(db)).toEqual(rules);
	expect(writes.n).toBe(2);

	expect(await refreshApplicantData(db, serverAnswering({ ...profile }, [...rules]))).toBe(true);
	expect(writes.n).toBe(2);

	const moved = { ...profile, unit: '苏州某设计院' };
	expect(await refreshApplicantData(db, serverAnswering(moved, rules))).toBe(true);
	expect(await cachedProfile(db)).toEqual(moved);
	expect(writes.n).toBe(3);
});

it('keeps the cached data when the server cannot be reached', async () => {
	db = new ZhichengDB(`reference-test-offline-${process.pid}`);
	await refreshApplicantData(db, serverAnswering(profile, rules));
	const failing = {
		me: {
			declarant: { query: async () => Promise.reject(new TypeError('Failed to fetch')) },
			initialRules: { query: async () => rules }
		}
	} as unknown as Parameters<typeof refreshApplicantData>[1];
	expect(await refreshApplicantData(db, failing)).toBe(false);
	expect(await cachedProfile(db)).toEqual(profile);
});

it('reads the cached parts together, null where the device holds none', async () => {
	db = new ZhichengDB(`reference-test-read-${process.pid}`);
	expect(await readCachedReference(db)).toEqual({ bundle: null, profile: null, rules: null });
	await refreshApplicantData(db, serverAnswering(profile, rules));
	expect(await readCachedReference(db)).toEqual({ bundle: null, profile, rules });
});
