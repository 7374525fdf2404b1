import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, Mutation, MutationResult } from '../../src/lib/domain/sync';
import {
	validHistoricalModules,
	validReissueModules
} from '../../src/lib/domain/modules/certificate-fixtures';
import type { Locale } from '../../src/lib/i18n/locale';
import { seedDemoAccounts } from '../../src/server/seed/demo';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { callerFor, userIdBy } from '../helpers/context';
import { attachFiles, insertUpload, pushAs } from '../helpers/cases';

/**
 * 历史职称数据登记 and 职称证书在线补办 as cases (manual ch. 4, ch. 5): the same sync, 提交's
 * refusals with the manual's reasons, the route to the region's 申报点, and the certificate the
 * 申报点's 通过 issues arriving with the applicant's pull.
 */

let db: TestDatabase;
const login = '13800000002'; // 李强: 王芳's cases belong to other tests
let owner: string;
beforeAll(async () => {
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql);
	owner = await userIdBy(db.sql, login);
});
afterAll(() => db.close());

async function draft(
	kind: 'historical' | 'reissue',
	modules: (files: Record<string, string>) => Record<string, Record<string, unknown>>,
	slots: Record<string, string[]>,
	mime: Record<string, string> = {}
) {
	const caseId = randomUUID();
	const [created] = await pushAs(db.sql, login, [
		{ id: randomUUID(), caseId, op: 'case.create', payload: { kind } }
	]);
	expect(created).toMatchObject({ status: 'applied' });
	const files: Record<string, string> = {};
	for (const [module, names] of Object.entries(slots))
		Object.assign(files, await attachFiles(db.sql, owner, caseId, module, names));
	for (const [slot, type] of Object.entries(mime))
		await db.sql`update uploads set mime = ${type} where id = ${files[slot]!}`;
	const data = modules(files);
	const saved = await pushAs(
		db.sql,
		login,
		Object.entries(data).map(([module, d]) => ({
			id: randomUUID(),
			caseId,
			op: 'module.save' as const,
			module,
			baseRevision: 0,
			payload: { data: d }
		}))
	);
	for (const r of saved) expect(r).toMatchObject({ status: 'applied' });
	return { caseId, revisions: Object.fromEntries(Object.keys(data).map((k) => [k, 1])) };
}

async function submit(
	c: { caseId: string; revisions: Record<string, number> },
	locale: Locale = 'zh-CN'
): Promise<MutationResult> {
	const caller = await callerFor(db.sql, login, locale);
	const mutation: Mutation = {
		id: randomUUID(),
		caseId: c.caseId,
		op: 'case.submit',
		payload: { revisions: c.revisions }
	};
	const { results } = await caller.sync.push({ clientId: randomUUID(), mutations: [mutation] });
	return results[0]!;
}

/** What a refused 提交 could have touched. */
async function footprint(caseId: string) {
	const [row] = await db.sql`
		select c.status, c.receipt_no, c.current_holder,
			(select count(*)::int from review_steps where case_id = c.id) as steps,
			(select json_object_agg(module, data) from case_modules where case_id = c.id) as modules
		from cases c where c.id = ${caseId}`;
	return row;
}

const historicalSlots = { historical_materials: ['declaration_form', 'old_certificate'] };
const historicalData = (f: Record<string, string>) =>
	validHistoricalModules({
		declarationForm: f.declaration_form!,
		oldCertificate: f.old_certificate!
	});

describe('历史职称数据登记 提交', () => {
	it('with one PDF is refused with the manual’s reason and changes nothing', async () => {
		const c = await draft(
			'historical',
			(f) => {
				const data = historicalData({ ...f, old_certificate: '' });
				data.historical_materials.slots = { declaration_form: f.declaration_form! } as never;
				return data;
			},
			{ historical_materials: ['declaration_form'] }
		);
		const before = await footprint(c.caseId);
		const zh = await submit(c);
		expect(zh).toMatchObject({ status: 'rejected', code: 'incomplete' });
		expect(zh.status === 'rejected' && zh.reason).toContain(
			'材料上传：申报表、老证书、批文至少上传2项材料，文件格式为PDF格式'
		);
		const en = await submit(c, 'en');
		expect(en.status === 'rejected' && en.reason).toContain(
			'Upload at least 2 of the declaration form, old certificate and approval document'
		);
		expect(await footprint(c.caseId)).toEqual(before);
		expect(before!.status).toBe('draft');
	});

	it('a JPEG in a 材料 slot (its bytes said so at upload) does not count as a PDF', async () => {
		const c = await draft('historical', historicalData, historicalSlots, {
			old_certificate: 'image/jpeg'
		});
		const result = await submit(c);
		expect(result).toMatchObject({ status: 'rejected', code: 'incomplete' });
		expect(result.status === 'rejected' && result.reason).toContain(
			'材料上传 · 老证书：文件格式须为PDF格式'
		);
		expect((await footprint(c.caseId))!.status).toBe('draft');
	});

	it('with 2 PDFs goes to the 申报点 of the issuing authority’s region (南京: hr01)', async () => {
		const c = await draft('historical', historicalData, historicalSlots);
		expect(await submit(c)).toMatchObject({ status: 'applied' });
		const steps = await db.sql`select level, scope_id, state from review_steps
			where case_id = ${c.caseId} order by ordinal`;
		expect(steps.map((s) => [s.level, s.scopeId, s.state])).toEqual([['hr', 'dp-nj', 'current']]);
		const [kase] = await db.sql`select series_id, level_code, specialty from cases
			where id = ${c.caseId}`;
		expect(kase).toEqual({ seriesId: 'engineering', levelCode: 'C', specialty: '机械工程' });
		const hr = await callerFor(db.sql, 'hr01');
		const queue = await hr.review.queue({ queue: 'pending' });
		expect(queue.rows.map((r) => r.caseId)).toContain(c.caseId);
		// A reviewer of another city does not see it.
		const other = await callerFor(db.sql, 'unit02');
		expect(
			(await other.review.queue({ queue: 'pending' })).rows.map((r) => r.caseId)
		).not.toContain(c.caseId);
	});
});

const reissueSlots = {
	reissue_request: ['photo'],
	reissue_materials: ['original_documents', 'void_notice', 'reissue_form']
};
const reissueData =
	(certificateId: string, change: (d: ReturnType<typeof validReissueModules>) => void = () => {}) =>
	(f: Record<string, string>) => {
		const data = validReissueModules(certificateId, {
			photo: f.photo!,
			originalDocuments: f.original_documents!,
			voidNotice: f.void_notice!,
			reissueForm: f.reissue_form!
		});
		change(data);
		return data;
	};

describe('职称证书在线补办 提交', () => {
	it('with two PDFs names the third, in both languages, and changes nothing', async () => {
		const c = await draft(
			'reissue',
			reissueData(randomUUID(), (d) => {
				delete (d.reissue_materials.slots as Record<string, string>).reissue_form;
			}),
			{ reissue_request: ['photo'], reissue_materials: ['original_documents', 'void_notice'] }
		);
		const before = await footprint(c.caseId);
		const zh = await submit(c);
		expect(zh.status === 'rejected' && zh.reason).toContain(
			'材料上传 · 证书补办（换发）申请表：原申报表/老证书/批文、证书作废登报声明、证书补办（换发）申请表三项必须上传'
		);
		const en = await submit(c, 'en');
		expect(en.status === 'rejected' && en.reason).toContain(
			'Reissue (replacement) application form: All three materials must be uploaded as PDF files'
		);
		expect(await footprint(c.caseId)).toEqual(before);
	});

	it('a 证件照 that is not an image (a PDF) is refused at 提交, in both languages', async () => {
		const c = await draft('reissue', reissueData(randomUUID()), reissueSlots, {
			photo: 'application/pdf'
		});
		const before = await footprint(c.caseId);
		const zh = await submit(c);
		expect(zh).toMatchObject({ status: 'rejected', code: 'incomplete' });
		expect(zh.status === 'rejected' && zh.reason).toContain('证件照须为 JPG 或 PNG 图片');
		const en = await submit(c, 'en');
		expect(en.status === 'rejected' && en.reason).toContain('The photo must be a JPG or PNG image');
		expect(await footprint(c.caseId)).toEqual(before);
	});

	it('file.attach refuses a PDF as the 证件照 and a JPEG as a 材料, and attaches nothing', async () => {
		const caseId = randomUUID();
		await pushAs(db.sql, login, [
			{ id: randomUUID(), caseId, op: 'case.create', payload: { kind: 'reissue' } }
		]);
		const pdf = await insertUpload(db.sql, owner, caseId, {
			name: 'scan.pdf',
			mime: 'application/pdf'
		});
		const jpeg = await insertUpload(db.sql, owner, caseId, {
			name: 'photo.jpg',
			mime: 'image/jpeg'
		});
		const attach = (attachmentId: string, module: string, slot: string) => ({
			id: randomUUID(),
			caseId,
			op: 'file.attach' as const,
			module,
			payload: { attachmentId, slot }
		});
		const results = await pushAs(db.sql, login, [
			attach(pdf, 'reissue_request', 'photo'),
			attach(jpeg, 'reissue_materials', 'void_notice')
		]);
		for (const r of results) {
			expect(r).toMatchObject({ status: 'rejected', code: 'attachment_wrong_type' });
			expect(r.status === 'rejected' && r.reason).toContain('证件照须为 JPG 或 PNG 图片');
		}
		const [attached] =
			await db.sql`select count(*)::int from attachments where case_id = ${caseId}`;
		expect(attached?.count).toBe(0);
		const ok = await pushAs(db.sql, login, [
			attach(jpeg, 'reissue_request', 'photo'),
			attach(pdf, 'reissue_materials', 'void_notice')
		]);
		for (const r of ok) expect(r).toMatchObject({ status: 'applied' });
	});

	it('a retired 申报点 takes no new request: not in the reference data, refused at 提交', async () => {
		await db.sql`update declaration_points set retired_at = now() where id = 'dp-nj'`;
		try {
			const bundle = await (await callerFor(db.sql, login)).reference.bundle();
			expect(bundle.declarationPoints.map((p) => p.id)).not.toContain('dp-nj');
			const c = await draft('reissue', reissueData(randomUUID()), reissueSlots);
			const result = await submit(c);
			expect(result.status === 'rejected' && result.reason).toContain(
				'所属申报点与所属行政区划不对应'
			);
			expect((await footprint(c.caseId))!.steps).toBe(0);
		} finally {
			await db.sql`update declaration_points set retired_at = null where id = 'dp-nj'`;
		}
	});

	it('a 申报点 of another region, or a certificate that is not one’s own, is refused', async () => {
		const c = await draft(
			'reissue',
			reissueData(randomUUID(), (d) => {
				d.reissue_request.declarationPointId = 'dp-ha';
			}),
			reissueSlots
		);
		const result = await submit(c);
		expect(result.status === 'rejected' && result.reason).toContain(
			'所属申报点与所属行政区划不对应'
		);
		expect(result.status === 'rejected' && result.reason).toContain(
			'未查询到该职称证书信息，请先使用“历史职称数据登记”'
		);
		expect((await footprint(c.caseId))!.steps).toBe(0);
	});
});

describe('the certificate chain (needs the certificates service’s issuance)', () => {
	async function pullAll(): Promise<Change[]> {
		const caller = await callerFor(db.sql, login);
		const changes: Change[] = [];
		let since = '0';
		for (;;) {
			const page = await caller.sync.pull({ since, limit: 50 });
			changes.push(...page.changes);
			since = page.cursor;
			if (!page.more) return changes;
		}
	}
	const certificatesPulled = async () =>
		(await pullAll()).flatMap((ch) => (ch.type === 'certificate' ? [ch.certificate] : []));

	async function pass(caseId: string) {
		const hr = await callerFor(db.sql, 'hr01');
		return hr.review.act({ mutationId: randomUUID(), caseId, ordinal: 1, action: 'pass' });
	}

	it('historical 通过 → a 历史登记 certificate on the device → 补办 → the old one 已作废 with its successor', async () => {
		const h = await draft('historical', historicalData, historicalSlots);
		await db.sql`update cases set status = 'cancelled', current_holder = null
			where applicant_id = ${owner} and kind = 'historical' and status = 'submitted'`;
		expect(await submit(h)).toMatchObject({ status: 'applied' });
		expect(await pass(h.caseId)).toMatchObject({ caseStatus: 'approved' });
		const registered = (await certificatesPulled()).find((c) => c.caseId === h.caseId);
		expect(registered).toMatchObject({
			status: 'historical',
			hasECertificate: false,
			titleName: '工程师',
			oldCertificateNo: 'NJ2012-C-0457'
		});

		const r = await draft('reissue', reissueData(registered!.id), reissueSlots);
		expect(await submit(r)).toMatchObject({ status: 'applied' });
		// A second request for the same certificate while the first is open is refused.
		const again = await draft('reissue', reissueData(registered!.id), reissueSlots);
		const refused = await submit(again);
		expect(refused.status === 'rejected' && refused.reason).toContain(
			'该证书已有正在办理的补办（换发）申请'
		);
		expect(await pass(r.caseId)).toMatchObject({ caseStatus: 'approved' });

		const pulled = await certificatesPulled();
		const latest = new Map(pulled.map((c) => [c.id, c]));
		const issued = [...latest.values()].find((c) => c.caseId === r.caseId)!;
		expect(issued).toMatchObject({ status: 'valid', hasECertificate: true, titleName: '工程师' });
		expect(latest.get(registered!.id)).toMatchObject({
			status: 'void',
			successor: { id: issued.id, certNo: issued.certNo }
		});
		// The superseded one cannot be reissued again.
		const late = await draft('reissue', reissueData(registered!.id), reissueSlots);
		const no = await submit(late);
		expect(no.status === 'rejected' && no.reason).toContain('该证书已作废或已换发');
	});
});
