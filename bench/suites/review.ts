import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { QueueInput, QueuePage } from '$lib/domain/review';
import { createSql, type Sql } from '../../src/server/db/client';
import type { ReviewerScope } from '../../src/server/services/cases/access';
import { act, type Reviewer } from '../../src/server/services/review/act';
import { reviewQueue } from '../../src/server/services/review/queue';
import { ROOT } from '../lib/app';
import { createBenchDatabase } from '../lib/pg-server';
import { allCpus, pin } from '../lib/proc';
import { round } from '../lib/results';
import { addReviewer, BIG_UNIT, CASES, seedReviewData, UNITS } from '../lib/review-seed';
import { percentile } from '../lib/stats';
import type { Suite } from './types';

const CALLS = Math.max(200, Number(process.env.BENCH_REVIEW_CALLS) || 200);
/** More than 5: PostgreSQL decides on a prepared statement's generic plan at the 6th run. */
const WARMUP = 10;
const DEEP_PAGE = 50;
const ACTIONS = CALLS;
const ACTION_WARMUP = 10;
const EXPLAIN_FILE = path.join(ROOT, 'bench', 'review-queue-explain.txt');

interface Variant {
	label: string;
	/** Its plans go to the EXPLAIN file. */
	explain: boolean;
	holder: string;
	input: QueueInput;
	/** Follow `next` this many pages in and time that page (1 = the first page). */
	page: number;
}

interface Statement {
	text: string;
	params: unknown[];
	/** The parameters' types as the server resolved them ('text[]', 'bigint', …). */
	types?: string[];
}

interface Timed {
	variant: Variant;
	/** The page actually timed (a short queue ends before DEEP_PAGE). */
	page: number;
	rows: number;
	p50: number;
	p95: number;
	statement: Statement;
	/** How PostgreSQL ran the prepared statement on the pool's connection. */
	plans: { generic: number; custom: number };
}

function scopesOf(holder: string): ReviewerScope[] {
	const [type, id] = holder.split(':') as [ReviewerScope['type'], string];
	return [{ type, id }];
}

/** YYYY-MM-DD in China time, `days` ago. */
function chinaDate(daysAgo: number): string {
	return new Date(Date.now() - daysAgo * 86_400_000).toLocaleDateString('sv-SE', {
		timeZone: 'Asia/Shanghai'
	});
}

const ms = (n: number) => n.toFixed(2);
const load = () => os.loadavg()[0]!.toFixed(1);

/** Runs `fn` with postgres.js's debug hook on and returns the last statement it sent. */
async function lastStatement(sql: Sql, fn: () => Promise<unknown>): Promise<Statement> {
	let last: Statement | undefined;
	sql.options.debug = (_conn, text, params) => {
		last = { text, params: [...(params as unknown[])] };
	};
	try {
		await fn();
	} finally {
		sql.options.debug = false;
	}
	if (!last) throw new Error('no statement captured');
	return last;
}

function planText(rows: readonly Record<string, unknown>[]): string {
	return rows.map((r) => String(Object.values(r)[0])).join('\n');
}

/** A parameter as an SQL literal (EXECUTE's arguments in EXPLAIN cannot be parameters). */
function literal(v: unknown): string {
	const quote = (x: string) => `'${x.replace(/'/g, "''")}'`;
	if (v === null || v === undefined) return 'null';
	if (Array.isArray(v)) {
		return quote(`{${v.map((e) => `"${String(e).replace(/[\\"]/g, '\\$&')}"`).join(',')}}`);
	}
	return quote(v instanceof Date ? v.toISOString() : String(v));
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of a captured statement: `custom` plans it for these parameter values
 * (what its first five runs get), `generic` for any values (what PostgreSQL switches a prepared
 * statement to when that looks no dearer — postgres.js prepares every statement).
 */
async function explain(sql: Sql, q: Statement, mode: 'custom' | 'generic'): Promise<string> {
	const options = 'analyze, buffers';
	if (mode === 'custom') {
		return planText(await sql.unsafe(`explain (${options}) ${q.text}`, q.params as never[]));
	}
	const types = q.types!;
	const conn = await sql.reserve();
	try {
		await conn.unsafe('set plan_cache_mode = force_generic_plan');
		await conn.unsafe(`prepare bench_generic (${types.join(', ')}) as ${q.text}`);
		const args = q.params.map((v, i) => `${literal(v)}::${types[i]}`).join(', ');
		return planText(await conn.unsafe(`explain (${options}) execute bench_generic(${args})`));
	} finally {
		await conn.unsafe('deallocate bench_generic').catch(() => {});
		await conn.unsafe('reset plan_cache_mode');
		conn.release();
	}
}

async function timeQueue(sql: Sql, reviewerId: string, v: Variant): Promise<Timed> {
	const scopes = scopesOf(v.holder);
	let input = v.input;
	let page = 1;
	for (; page < v.page; page++) {
		const res = await reviewQueue(sql, reviewerId, scopes, input);
		if (!res.next) break;
		input = { ...v.input, after: res.next };
	}
	const statement = await lastStatement(sql, () => reviewQueue(sql, reviewerId, scopes, input));
	let last: QueuePage | undefined;
	for (let i = 0; i < WARMUP; i++) last = await reviewQueue(sql, reviewerId, scopes, input);
	const times: number[] = [];
	for (let i = 0; i < CALLS; i++) {
		const t = performance.now();
		last = await reviewQueue(sql, reviewerId, scopes, input);
		times.push(performance.now() - t);
	}
	const rows = last!.rows.length;
	if (rows === 0) throw new Error(`${v.label}: the timed page is empty`);
	// The pool has one connection, so its prepared statements are the ones the calls used.
	const [plans] = await sql<{ generic: number; custom: number; types: string[] }[]>`
		select generic_plans::int as generic, custom_plans::int as custom,
			parameter_types::text[] as types
		from pg_prepared_statements where statement = ${statement.text}`;
	if (!plans) throw new Error(`${v.label}: its statement is not among the prepared ones`);
	statement.types = plans.types;
	return {
		variant: v,
		page,
		rows,
		p50: percentile(times, 50),
		p95: percentile(times, 95),
		statement,
		plans: { generic: plans.generic, custom: plans.custom }
	};
}

async function countsOf(sql: Sql, holder: string) {
	const [row] = await sql<{ pending: number; returned: number; done: number }[]>`
		select
			(select count(*)::int from cases where current_holder = ${holder} and status = 'submitted') as pending,
			(select count(*)::int from cases where current_holder = ${holder} and status = 'returned') as returned,
			(select count(*)::int from review_steps where holder = ${holder}
				and state in ('passed', 'rejected')) as done`;
	return row!;
}

function planNotes(plan: string, done: boolean): string {
	const index = done ? 'review_steps_decided' : 'cases_queue';
	const sorts = plan.match(/(?:-> {2}|^)(?:Incremental )?Sort {2}\(/gm)?.length ?? 0;
	// title_series and title_levels (29 and 5 rows) are read whole, as they should be
	const seq = [...plan.matchAll(/Seq Scan on (\w+)/g)]
		.map((m) => m[1])
		.filter((t) => t !== 'title_series' && t !== 'title_levels');
	return [
		`${index} ${plan.includes(index) ? 'used' : 'NOT used'}`,
		sorts ? `${sorts} sort node(s)` : 'no sort',
		seq.length ? `seq scan on ${[...new Set(seq)].join(', ')}` : 'no seq scan'
	].join(', ');
}

/**
 * The reviewer's queue (src/server/services/review/queue.ts) and one 通过 (act.ts), called
 * in-process over postgres.js, with the app's own pool settings, against a real PostgreSQL
 * server holding CASES synthetic cases (bench/lib/review-seed.ts): the time of the service call is
 * the server's time. No app server is built or started.
 */
export const reviewBench: Suite = {
	name: 'review',
	metrics: ['review-queue-p95-ms', 'review-action-p95-ms'],
	async run(ctx) {
		const db = await createBenchDatabase('review', 1);
		const { sql } = db;
		try {
			console.log(`review: seeding ${CASES} cases in ${UNITS} units …`);
			const seeder = createSql(db.url, 1);
			try {
				const seeded = await seedReviewData(seeder, (l) => console.log(`review: ${l}`));
				console.log(`review: seeded in ${seeded.seconds.toFixed(1)} s`);
			} finally {
				await seeder.end({ timeout: 5 });
			}

			// --- the scopes: a typical unit, the big unit, 南京's 申报点, the busiest 评委会
			const [typical] = await sql<{ holder: string }[]>`
				select holder from review_steps where level = 'unit' and state <> 'waiting'
				group by holder
				having count(*) filter (where state = 'current') >= 21
				order by abs(count(*) - 150), holder limit 1`;
			const [committee] = await sql<{ holder: string }[]>`
				select current_holder as holder from cases
				where status = 'submitted' and current_holder like 'committee:%'
				group by current_holder order by count(*) desc, current_holder limit 1`;
			const unit = typical!.holder;
			const big = `unit:${BIG_UNIT}`;
			const hr = 'hr:dp-nj';
			const cmt = committee!.holder;
			const reviewerOf = new Map<string, string>();
			for (const h of [unit, big, hr, cmt]) {
				const c = await countsOf(sql, h);
				console.log(`review: ${h} — 待审核 ${c.pending}, 已退回 ${c.returned}, 已处理 ${c.done}`);
				reviewerOf.set(h, await addReviewer(sql, h));
			}

			// A name from the middle of 南京's 待审核, typed in full as a reviewer would.
			const [someone] = await sql<{ name: string }[]>`
				select u.name from cases c join users u on u.id = c.applicant_id
				where c.current_holder = ${hr} and c.status = 'submitted'
				order by c.current_since, c.id offset 3000 limit 1`;
			const filters: QueueInput = {
				queue: 'pending',
				seriesId: 'engineering',
				level: 'C',
				submittedFrom: chinaDate(100)
			};
			const pending: QueueInput = { queue: 'pending' };
			const done: QueueInput = { queue: 'done' };
			const v = (label: string, holder: string, input: QueueInput, page = 1, explain = false) =>
				({ label, holder, input, page, explain }) satisfies Variant;
			const variants: Variant[] = [
				v(`(a) 待审核 first page, typical unit ${unit}`, unit, pending),
				v(`(a) 待审核 first page, big unit ${big}`, big, pending),
				v(`(a) 待审核 deep page, big unit ${big}`, big, pending, DEEP_PAGE, true),
				v(`(b) 待审核 first page, ${hr} series+level+from`, hr, filters, 1, true),
				v(`(b) 待审核 deep page, ${hr} series+level+from`, hr, filters, DEEP_PAGE, true),
				v(
					`(b) 待审核 name search "${someone!.name}", ${hr}`,
					hr,
					{ ...pending, search: someone!.name },
					1,
					true
				),
				v(`(b) 待审核 deep page, ${cmt}`, cmt, pending, DEEP_PAGE),
				v(`(c) 已处理 first page, typical unit ${unit}`, unit, done, 1, true),
				v(`(c) 已处理 first page, ${hr}`, hr, done),
				v(`(c) 已处理 deep page, ${hr}`, hr, done, DEEP_PAGE, true)
			];

			const pinned = ctx.cpus.load ? pin(ctx.cpus.load) : false;
			const results: Timed[] = [];
			const actTimes: number[] = [];
			const acted: string[] = [];
			const loadBefore = load();
			try {
				// --- the queue
				console.log(
					`review: ${CALLS} timed calls per variant after ${WARMUP} untimed (load average ${loadBefore})`
				);
				for (const variant of variants) {
					const r = await timeQueue(sql, reviewerOf.get(variant.holder)!, variant);
					results.push(r);
					console.log(
						`review: ${variant.label}${r.page > 1 ? ` (page ${r.page})` : ''}: ` +
							`p50 ${ms(r.p50)} ms, p95 ${ms(r.p95)} ms (${r.rows} rows; ` +
							`${r.plans.generic ? 'generic plan' : 'custom plans'})`
					);
				}

				// --- 通过 at the big unit, each case once
				const reviewer: Reviewer = {
					userId: reviewerOf.get(big)!,
					scopes: scopesOf(big),
					locale: 'zh-CN'
				};
				const cases = await sql<{ id: string }[]>`
					select c.id from cases c
					where c.current_holder = ${big} and c.status = 'submitted'
						and not exists (select 1 from case_claims cl where cl.case_id = c.id)
					order by c.current_since, c.id limit ${ACTION_WARMUP + ACTIONS}`;
				if (cases.length < ACTION_WARMUP + ACTIONS) {
					throw new Error(`only ${cases.length} cases wait at ${big}`);
				}
				for (const [i, c] of cases.entries()) {
					const t = performance.now();
					const out = await act(sql, reviewer, {
						mutationId: randomUUID(),
						caseId: c.id,
						ordinal: 1,
						action: 'pass'
					});
					const elapsed = performance.now() - t;
					if (out.status !== 'applied' || out.caseStatus !== 'submitted' || out.ordinal !== 2) {
						throw new Error(`通过 of ${c.id} answered ${JSON.stringify(out)}`);
					}
					acted.push(c.id);
					if (i >= ACTION_WARMUP) actTimes.push(elapsed);
				}
			} finally {
				if (pinned) pin(allCpus());
			}
			const loadAfter = load();
			const [moved] = await sql<{ n: number; events: number }[]>`
				select count(*)::int as n,
					(select count(*)::int from review_events
						where case_id = any(${acted}::uuid[]) and action = 'pass') as events
				from cases
				where id = any(${acted}::uuid[]) and status = 'submitted' and current_ordinal = 2
					and current_holder like 'department:%'`;
			if (moved!.n !== acted.length || moved!.events !== acted.length) {
				throw new Error(
					`after ${acted.length} 通过: ${moved!.n} cases at the department, ${moved!.events} pass events`
				);
			}
			console.log(
				`review: 通过 (act) at ${big}: p50 ${ms(percentile(actTimes, 50))} ms, ` +
					`p95 ${ms(percentile(actTimes, 95))} ms (${actTimes.length} distinct cases; ` +
					`load average ${loadAfter})`
			);

			// --- plans
			const report: string[] = [];
			for (const r of results.filter((x) => x.variant.explain)) {
				const isDone = r.variant.input.queue === 'done';
				const ran = r.plans.generic > 0 ? 'generic' : 'custom';
				const timedPlan = await explain(sql, r.statement, ran);
				const other = ran === 'generic' ? await explain(sql, r.statement, 'custom') : null;
				const notes = planNotes(timedPlan, isDone);
				console.log(`review: plan of ${r.variant.label}: ${ran} plan; ${notes}`);
				report.push(
					`=== ${r.variant.label}${r.page > 1 ? ` (page ${r.page})` : ''}`,
					`timed: p50 ${ms(r.p50)} ms, p95 ${ms(r.p95)} ms over ${CALLS} calls`,
					`prepared statement: ${r.plans.generic} generic / ${r.plans.custom} custom plans ` +
						`(the timed calls ran the ${ran} plan); ${notes}`,
					'',
					r.statement.text.replace(/^\s*\n/gm, '').replace(/[ \t]+$/gm, ''),
					'',
					`parameters: ${JSON.stringify(r.statement.params)}`,
					'',
					`--- the ${ran} plan (the one the timed calls ran)`,
					timedPlan,
					''
				);
				if (other) {
					report.push(
						`--- the custom plan for these values (the first five runs)`,
						other,
						`(${planNotes(other, isDone)})`,
						''
					);
				}
			}
			writeFileSync(
				EXPLAIN_FILE,
				[
					`EXPLAIN (ANALYZE, BUFFERS) of the review queue's statements as reviewQueue() sent them`,
					`(captured with postgres.js's debug hook), from \`npm run bench -- review\` at`,
					`${new Date().toISOString()}: ${CASES} cases in ${UNITS} units, load average ` +
						`${loadBefore} → ${loadAfter} on ${os.cpus().length} CPUs.`,
					'',
					...report
				].join('\n')
			);
			console.log(`review: plans written to ${path.relative(ROOT, EXPLAIN_FILE)}`);

			const worst = results.reduce((a, b) => (b.p95 > a.p95 ? b : a));
			console.log(`review: slowest variant by p95: ${worst.variant.label}`);
			return {
				'review-queue-p95-ms': { value: round(worst.p95, 2), unit: 'ms' },
				'review-action-p95-ms': { value: round(percentile(actTimes, 95), 2), unit: 'ms' }
			};
		} finally {
			await db.drop();
		}
	}
};
