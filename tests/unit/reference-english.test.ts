import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceBundle } from '../../src/server/services/reference';
import { openTestDatabase, type TestDatabase } from '../helpers/db';

let db: TestDatabase;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(() => db.close());

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;

/** Every name that lacks an English one, or whose English one has a Chinese character in it. */
function untranslated(rows: { name: string; en: string | null | undefined }[]): string[] {
	return rows.filter((r) => !r.en || CJK.test(r.en)).map((r) => r.name);
}

describe('reference data in English', () => {
	it('gives every series, title, specialty, region and unit nature of the bundle an English name', async () => {
		const bundle = await referenceBundle(db.sql);
		expect(untranslated(bundle.series.map((s) => ({ name: s.name, en: s.nameEn })))).toEqual([]);
		const titles = bundle.series.flatMap((s) =>
			Object.entries(s.titles).map(([level, name]) => ({
				name: name!,
				en: s.titlesEn[level as keyof typeof s.titlesEn]
			}))
		);
		expect(untranslated(titles)).toEqual([]);
		const specialties = bundle.series.flatMap((s) =>
			s.specialties.map((name) => ({ name, en: s.specialtiesEn[name] }))
		);
		expect(untranslated(specialties)).toEqual([]);
		expect(untranslated(bundle.regions.map((r) => ({ name: r.name, en: r.nameEn })))).toEqual([]);
		expect(untranslated(bundle.unitNatures.map((u) => ({ name: u.name, en: u.nameEn })))).toEqual(
			[]
		);
		// The 示例 note of the synthetic committees, and 行政主管部门 「无」, which is a choice.
		expect(
			untranslated(
				bundle.committees.filter((c) => c.note).map((c) => ({ name: c.note!, en: c.noteEn }))
			)
		).toEqual([]);
		expect(bundle.departments.find((d) => d.id === 'dept-none')?.nameEn).toBe('None');
	});

	it('uses the official pinyin names with their kind of place', async () => {
		const bundle = await referenceBundle(db.sql);
		const en = (code: string) => bundle.regions.find((r) => r.code === code)?.nameEn;
		expect(en('320000')).toBe('Jiangsu Province');
		expect(en('320583')).toBe('Kunshan');
		expect(en('320102')).toBe('Xuanwu District');
		expect(en('320321')).toBe('Feng County');
		expect(en('320100-BJ')).toBe('Nanjing city level');
		expect(en('320371')).toBe('Xuzhou Economic and Technological Development Zone');
	});
});
