import { loginCookie } from '../lib/app';
import { allCpus, pin } from '../lib/proc';
import { round } from '../lib/results';
import { pdfOfSize } from '../lib/stats';
import type { Suite } from './types';

const DRAFTS = 100;
const FILES = 20;
const FILE_BYTES = 1024 * 1024;
const MODULE = 'work_summary';
const TEXT_CHARS = 1200; // about 3.6 KB of UTF-8 per module

function summary(i: number): string {
	const line = `第${i + 1}号草稿：本人任职以来主持完成项目若干，撰写技术报告，指导青年同事，成效显著。`;
	return line.repeat(Math.ceil(TEXT_CHARS / line.length)).slice(0, TEXT_CHARS);
}

/**
 * 100 drafts queued offline (case.create + a ~3.6 KB 工作总结 module.save each) and 20 × 1 MiB
 * PDFs on 20 of them (storeFile + queueAttach), made with the app's own client code on
 * fake-indexeddb in this process; then timed: one sync the way SyncEngine.pass runs it (uploads
 * with uploadPending alongside flushOutbox, uploadPending again for the drafts that flush sent,
 * then flushOutbox again until the outbox is empty)
 * against `node build` over loopback. Afterwards a full pull from the server must show every
 * case, module (same text) and attachment (same SHA-256), or the suite fails.
 */
export const syncDrafts: Suite = {
	name: 'sync-drafts',
	metrics: ['sync-100-drafts-s'],
	async run(ctx) {
		const { url } = await ctx.app();
		const cookie = await loginCookie(url);
		const client = await import('../lib/node-client');
		const transport = client.nodeTransport(url, cookie);
		const httpStack = client.cookieHttpStack(url, cookie);
		const db = client.freshDb('sync');
		try {
			// --- queue everything offline (not timed)
			const caseIds: string[] = [];
			const files = new Map<string, { caseId: string; sha256: string }>();
			for (let i = 0; i < DRAFTS; i++) {
				const caseId = await client.createDraft(db, 'review');
				caseIds.push(caseId);
				await client.saveModule(db, caseId, MODULE, { text: summary(i) });
				if (i % (DRAFTS / FILES) === 0) {
					const bytes = pdfOfSize(FILE_BYTES, `${caseId}-${i}`);
					const id = await client.storeFile(db, {
						caseId,
						module: MODULE,
						slot: 'evidence',
						file: new File([bytes], `业绩证明-${i + 1}.pdf`, { type: 'application/pdf' })
					});
					await client.queueAttach(db, caseId, MODULE, id, 'evidence');
					files.set(id, { caseId, sha256: (await db.attachments.get(id))!.sha256 });
				}
			}
			const queued = await db.outbox.count();
			const bytes = files.size * FILE_BYTES;
			console.log(
				`sync: queued ${DRAFTS} drafts, ${files.size} attachments ` +
					`(${(bytes / 1e6).toFixed(1)} MB), ${queued} outbox items`
			);

			// --- the timed sync
			const pinned = ctx.cpus.load ? pin(ctx.cpus.load) : false;
			let seconds: number;
			let passes = 0;
			try {
				const t0 = performance.now();
				const uploads = client.uploadPending(db, { endpoint: `${url}/files`, httpStack }).then(
					() => null,
					(e: unknown) => e
				);
				let flushed = await client.flushOutbox(db, transport);
				passes++;
				const uploadError = await uploads;
				if (flushed.failure) throw new Error(`first flushOutbox failed: ${flushed.failure}`);
				if (uploadError) throw new Error(`uploads failed: ${String(uploadError)}`);
				// As SyncEngine.pass: the files of the drafts that flush just sent (the server
				// takes uploads only for a case it has).
				const laterError = await client
					.uploadPending(db, { endpoint: `${url}/files`, httpStack })
					.then(
						() => null,
						(e: unknown) => e
					);
				if (laterError) throw new Error(`uploads failed: ${String(laterError)}`);
				const refused = await db.attachments.filter((a) => a.state === 'failed').toArray();
				if (refused.length) {
					throw new Error(
						`${refused.length} uploads refused by the server: ${refused[0]!.error ?? ''}`
					);
				}
				let tUploads = performance.now() - t0;
				while ((await db.outbox.count()) > 0) {
					flushed = await client.flushOutbox(db, transport);
					passes++;
					if (flushed.failure || flushed.sent === 0) {
						const left = await db.outbox.toArray();
						throw new Error(
							`outbox stuck after ${passes} passes (${flushed.failure ?? 'nothing sendable'}): ` +
								left
									.slice(0, 3)
									.map((i) => `${i.op} ${i.state} ${i.lastError ?? ''}`)
									.join('; ')
						);
					}
				}
				seconds = (performance.now() - t0) / 1000;
				tUploads /= 1000;
				console.log(
					`sync: ${queued} mutations + ${files.size} uploads in ${seconds.toFixed(2)} s ` +
						`(uploads done at ${tUploads.toFixed(2)} s, ${passes} flushOutbox passes, ` +
						`${(bytes / 1e6 / tUploads).toFixed(1)} MB/s uploads)`
				);
			} finally {
				if (pinned) pin(allCpus());
			}

			// --- verify on the server (not timed)
			const local = await db.attachments.toArray();
			const notAttached = local.filter((a) => a.state !== 'attached');
			if (notAttached.length) {
				throw new Error(
					`${notAttached.length} attachments not attached locally: ` +
						notAttached
							.slice(0, 3)
							.map((a) => `${a.state} ${a.error ?? ''}`)
							.join('; ')
				);
			}
			const cases = new Set<string>();
			const modules = new Map<string, unknown>();
			const attached = new Map<string, { caseId: string; sha256: string }>();
			for (let since = '0', more = true; more;) {
				const page = await transport.pull({ since, limit: 500 });
				for (const c of page.changes) {
					if (c.type === 'case') cases.add(c.case.id);
					else if (c.type === 'module' && c.module.module === MODULE)
						modules.set(c.module.caseId, c.module.data.text);
					else if (c.type === 'attachment') {
						if (c.attachment.status === 'attached') attached.set(c.attachment.id, c.attachment);
						else attached.delete(c.attachment.id);
					}
				}
				since = page.cursor;
				more = page.more;
			}
			const problems: string[] = [];
			caseIds.forEach((id, i) => {
				if (!cases.has(id)) problems.push(`case ${id} missing`);
				else if (modules.get(id) !== summary(i))
					problems.push(`module of case ${id} missing/different`);
			});
			for (const [id, f] of files) {
				const got = attached.get(id);
				if (!got || got.caseId !== f.caseId || got.sha256 !== f.sha256)
					problems.push(`attachment ${id} missing/different`);
			}
			if (problems.length) {
				throw new Error(
					`server is missing data after the sync (${problems.length} problems): ` +
						problems.slice(0, 5).join('; ')
				);
			}
			console.log(
				`sync: verified by pull — ${DRAFTS} cases, ${DRAFTS} modules, ${files.size} attachments on the server`
			);
			return { 'sync-100-drafts-s': { value: round(seconds, 2), unit: 's' } };
		} finally {
			await client.dropDb(db);
		}
	}
};
