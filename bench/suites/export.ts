import { Readable } from 'node:stream';
import { createSql } from '../../src/server/db/client';
import { startExport } from '../../src/server/services/admin/exports';
import { createBenchDatabase } from '../lib/pg-server';
import { round } from '../lib/results';
import { CASES, seedReviewData } from '../lib/review-seed';
import type { Suite } from './types';

const PERIOD = 'per-bench-export';
const SAMPLE_MS = 20;

/**
 * The committee office's export of one 申报期's results (issue #16 §5): 100,000 cases as XLSX,
 * read to the end as a download would be, timed, with this process's memory growth (peak RSS
 * sampled every 20 ms, minus the RSS before the export) — the server's cost of streaming.
 */
export const exportBench: Suite = {
	name: 'export',
	metrics: ['export-100k-s', 'export-100k-rss-mb'],
	targets: { 'export-100k-rss-mb': { max: 100 } },
	async run() {
		const db = await createBenchDatabase('export', 2);
		const { sql } = db;
		try {
			console.log(`export: seeding ${CASES} cases …`);
			const seeder = createSql(db.url, 1);
			try {
				const seeded = await seedReviewData(seeder, (l) => console.log(`export: ${l}`));
				console.log(`export: seeded in ${seeded.seconds.toFixed(1)} s`);
				// One 申报期 holding every case, so one export has all 100,000 rows (one big update:
				// not under the app's statement timeout).
				const conn = await seeder.reserve();
				try {
					await conn`set statement_timeout = 0`;
					await conn`insert into declaration_periods (id, owner_kind, owner_id, year, starts_at, ends_at)
						values (${PERIOD}, 'committee', 'bc-js-engineering', 2026, now() - interval '30 days', now())`;
					await conn`update cases set period_id = ${PERIOD}`;
					await conn`analyze cases`;
				} finally {
					conn.release();
				}
			} finally {
				await seeder.end({ timeout: 5 });
			}
			const [admin] = await sql<{ id: string }[]>`
				insert into users (kind, name, account, password_hash)
				values ('staff', 'bench admin', 'bench-admin', 'x') returning id`;

			globalThis.gc?.();
			const before = process.memoryUsage().rss;
			let peak = before;
			const timer = setInterval(() => {
				peak = Math.max(peak, process.memoryUsage().rss);
			}, SAMPLE_MS);
			const t0 = performance.now();
			let bytes = 0;
			try {
				const file = await startExport(
					sql,
					{ userId: admin!.id, locale: 'zh-CN' },
					{ source: 'period', key: PERIOD, format: 'xlsx', fullIdNumbers: false }
				);
				for await (const chunk of Readable.fromWeb(file.body as never)) {
					bytes += (chunk as Buffer).length;
					peak = Math.max(peak, process.memoryUsage().rss);
				}
			} finally {
				clearInterval(timer);
			}
			const seconds = (performance.now() - t0) / 1000;
			const growthMb = (peak - before) / 2 ** 20;
			console.log(
				`export: ${CASES} rows as XLSX, ${(bytes / 2 ** 20).toFixed(1)} MB in ${seconds.toFixed(1)} s; ` +
					`RSS ${(before / 2 ** 20).toFixed(0)} → peak ${(peak / 2 ** 20).toFixed(0)} MB`
			);
			return {
				'export-100k-s': { value: round(seconds, 1), unit: 's' },
				'export-100k-rss-mb': { value: round(growthMb, 1), unit: 'MB' }
			};
		} finally {
			await db.drop();
		}
	}
};
