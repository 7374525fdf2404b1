import type { Sql } from '../../src/server/db/client';
import { computeIdCheckChar } from '$lib/domain/id-number';

/**
 * Synthetic review data for the queue and action benchmarks, made with set-based SQL (one
 * statement per table): CASES submitted 评审 cases of as many applicants in UNITS work units of six
 * cities, each with its four fixed review steps (单位 → 主管部门 → 申报点 → 评委会) at every stage —
 * waiting at a level, returned by it, passed on, approved or rejected — with the events that put
 * it there and a few live claims. One BIG unit has most of its cases still waiting at the unit.
 * Nothing is random between runs (setseed on one connection).
 */
export const CASES = 100_000;
export const UNITS = 2_000;
export const BIG_UNIT = 'bu-0000';
const BIG_CASES = 1_600;

const CITIES = [
	// key, city region, 市本级 region, 申报点, name, share of the units
	['nj', '320100', '320100-BJ', 'dp-nj', '南京', 0.3],
	['sz', '320500', '320500-BJ', 'dp-sz', '苏州', 0.25],
	['wx', '320200', '320200-BJ', 'dp-wx', '无锡', 0.15],
	['xz', '320300', '320300-BJ', 'dp-xz', '徐州', 0.1],
	['cz', '320400', '320400-BJ', 'dp-cz', '常州', 0.1],
	['nt', '320600', '320600-BJ', 'dp-nt', '南通', 0.1]
] as const;

const SERIES = [
	['engineering', 0.4],
	['primary-secondary-teacher', 0.2],
	['health-medicine', 0.15],
	['accounting', 0.1],
	['economics', 0.1],
	['higher-education', 0.05]
] as const;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹';
const GIVEN =
	'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建文斌宇浩凯健俊帆帅旭宁龙林欣佳雪晨阳婷颖倩琳晶峰波昊鑫博海';
const DEPTS_PER_CITY = 12;

/** Cumulative shares as SQL: `case when r < 0.3 then 'a' when r < 0.55 then 'b' … end`. */
function pick(r: string, choices: readonly (readonly [string, number])[]): string {
	let acc = 0;
	const arms = choices.slice(0, -1).map(([v, share]) => {
		acc += share;
		return `when ${r} < ${acc.toFixed(4)} then '${v}'`;
	});
	return `case ${arms.join(' ')} else '${choices.at(-1)![0]}' end`;
}

/** 18-character ID numbers with a valid check character, unique per applicant number. */
function idNumbers(): string[] {
	const out: string[] = [];
	const cityCodes = CITIES.map((c) => c[1].slice(0, 4));
	const base = Date.UTC(1970, 0, 1);
	for (let i = 1; i <= CASES; i++) {
		const birth = new Date(base + Math.floor(i / 1000) * 97 * 86_400_000);
		const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
		const id17 = `${cityCodes[i % cityCodes.length]}02${ymd}${String(i % 1000).padStart(3, '0')}`;
		out.push(id17 + computeIdCheckChar(id17));
	}
	return out;
}

export async function seedReviewData(
	sql: Sql,
	log: (line: string) => void
): Promise<{ seconds: number }> {
	const t0 = performance.now();
	const step = async (label: string, run: () => Promise<unknown>) => {
		const t = performance.now();
		await run();
		log(`  ${label} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
	};
	const cities = CITIES.map(
		([key, city, bj, dp, name, share], ord) =>
			`('${key}', '${city}', '${bj}', '${dp}', '${name}', ${share}, ${ord})`
	).join(', ');
	const conn = await sql.reserve();
	try {
		// Big statements: not under the app's statement timeout (createSql's), which the pool has.
		await conn`set statement_timeout = 0`;
		// Foreign keys hold by construction: their per-row checks (and row locks) are skipped where
		// the role may (a superuser, as on the machine's own server).
		// Triggers are skipped too: the cases below carry their applicant copies (0013) themselves.
		await conn`set session_replication_role = replica`.catch(() => {});
		await conn`select setseed(0.2026)`;
		await step('reference: cities, departments, work units, committees', async () => {
			await conn.unsafe(`
				create temporary table bench_city (key text, city text, bj text, dp text, name text,
					lo float8, hi float8);
				insert into bench_city
				select key, city, bj, dp, name,
					coalesce(sum(share) over (order by ord rows between unbounded preceding and 1 preceding), 0),
					sum(share) over (order by ord)
				from (values ${cities}) as v(key, city, bj, dp, name, share, ord);

				insert into departments (id, name, region_code)
				select 'bd-' || c.key || '-' || lpad(n::text, 2, '0'),
					c.name || '市第' || n || '主管部门（测试）', c.bj
				from bench_city c cross join generate_series(1, ${DEPTS_PER_CITY}) n;

				insert into work_units (id, name, credit_code, nature_code, region_code, department_id)
				select 'bu-' || lpad(u::text, 4, '0'), c.name || '测试单位' || lpad(u::text, 4, '0'),
					null, '31', c.bj,
					'bd-' || c.key || '-' || lpad((u % ${DEPTS_PER_CITY} + 1)::text, 2, '0')
				from generate_series(0, ${UNITS - 1}) u
				join bench_city c on ((u * 7919) % ${UNITS})::float8 / ${UNITS} >= c.lo
					and ((u * 7919) % ${UNITS})::float8 / ${UNITS} < c.hi;

				insert into committees (id, name, region_code, series_id, level_codes, specialties)
				select 'bc-' || c.key || '-' || s.id, c.name || '市' || s.name || '中级评审委员会（测试）',
					c.city, s.id, '{C,D}'::text[], '{}'::text[]
				from bench_city c cross join title_series s
				union all
				select 'bc-js-' || s.id, '江苏省' || s.name || '高级评审委员会（测试）', '320000', s.id,
					'{A,B}'::text[], '{}'::text[]
				from title_series s;`);
		});

		await step(`plan of ${CASES} cases`, async () => {
			const surnames = SURNAMES.length;
			const given = GIVEN.length;
			await conn.unsafe(`
				create temporary table bench_plan as
				with r as materialized (
					select i, random() as r_unit, random() as r_series, random() as r_level,
						random() as r_stage, random() as r_rej, random() as r_t0, random() as r_jit,
						random() as r_n1, random() as r_n2, random() as r_n3, random() as r_claim
					from generate_series(1, ${CASES}) i
				), p as (
					select r.*,
						case when i <= ${BIG_CASES} then 0
							else 1 + floor(${UNITS - 1} * power(r_unit, 1.5))::int end as unit_no,
						${pick('r_series', SERIES)} as series_id,
						${pick('r_level', [
							['A', 0.05],
							['B', 0.2],
							['C', 0.5],
							['D', 0.25]
						])} as level_code,
						-- the big unit's reviewer is behind: 70% of its cases still wait at the unit
						case when i <= ${BIG_CASES} and r_stage < 0.7 then 0.0
							when i <= ${BIG_CASES} then (r_stage - 0.7) / 0.3 else r_stage end as r_st
					from r
				)
				select p.i, gen_random_uuid() as case_id, gen_random_uuid() as user_id,
					p.series_id, p.level_code,
					wu.id as unit_id, wu.name as unit_name, wu.department_id as dept_id, d.name as dept_name,
					c.dp as dp_id, dp.name as dp_name,
					cmt.id as cmt_id, cmt.name as cmt_name,
					case when p.r_st < 0.15 then 1 when p.r_st < 0.18 then 1 when p.r_st < 0.28 then 2
						when p.r_st < 0.30 then 2 when p.r_st < 0.55 then 3 when p.r_st < 0.58 then 3
						when p.r_st < 0.95 then 4 else 1 + floor(p.r_rej * 4)::int end as ord,
					case when p.r_st < 0.15 then 'submitted' when p.r_st < 0.18 then 'returned'
						when p.r_st < 0.28 then 'submitted' when p.r_st < 0.30 then 'returned'
						when p.r_st < 0.55 then 'submitted' when p.r_st < 0.58 then 'returned'
						when p.r_st < 0.78 then 'submitted' when p.r_st < 0.95 then 'approved'
						else 'rejected' end as st,
					now() - interval '120 days' * p.r_t0 as t0,
					(interval '120 days' * p.r_t0) / 5 as slot,
					0.9 * p.r_jit as jit,
					substr('${SURNAMES}', 1 + floor(${surnames} * power(p.r_n1, 1.7))::int, 1)
						|| substr('${GIVEN}', 1 + floor(${given} * p.r_n2)::int, 1)
						|| case when p.r_n3 < 0.6 then substr('${GIVEN}', 1 + floor(${given} * p.r_n3 / 0.6)::int, 1)
							else '' end as applicant_name,
					p.r_claim
				from p
				join work_units wu on wu.id = 'bu-' || lpad(p.unit_no::text, 4, '0')
				join departments d on d.id = wu.department_id
				join bench_city c on c.bj = wu.region_code
				join declaration_points dp on dp.id = c.dp
				join committees cmt on cmt.id = case when p.level_code in ('A', 'B') then 'bc-js-'
					else 'bc-' || c.key || '-' end || p.series_id;
				alter table bench_plan add primary key (i);
				-- when step k was decided (k = 0: 提交): five slots from 提交 to now, jittered
				create function pg_temp.bench_t(p bench_plan, k int) returns timestamptz
					language sql immutable as
					$$ select case when k = 0 then p.t0 else p.t0 + p.slot * (k + p.jit) end $$;
				create function pg_temp.bench_holder(p bench_plan, k int) returns text
					language sql immutable as
					$$ select case k when 1 then 'unit:' || p.unit_id when 2 then 'department:' || p.dept_id
						when 3 then 'hr:' || p.dp_id else 'committee:' || p.cmt_id end $$;`);
		});

		const ids = idNumbers();
		await step(
			`${CASES} applicants`,
			() =>
				conn`
				insert into users (id, kind, name, id_number, mobile, password_hash, work_unit_id)
				select p.user_id, 'applicant', p.applicant_name, n.id_number,
					'15' || lpad(p.i::text, 9, '0'), 'bench-no-login', p.unit_id
				from unnest(${ids}::text[]) with ordinality as n(id_number, i)
				join bench_plan p on p.i = n.i`
		);
		await step(
			'reviewer who holds the claims',
			() =>
				conn`
				insert into users (kind, name, account, password_hash)
				values ('staff', '测试审核员', 'bench-claimer', 'bench-no-login')`
		);
		await step(`${CASES} cases`, () =>
			conn.unsafe(`
				insert into cases (id, applicant_id, kind, status, receipt_no, created_at, updated_at,
					submitted_at, series_id, level_code, specialty, resubmit_to, current_ordinal,
					current_holder, current_since, applicant_name, applicant_id_number)
				select p.case_id, p.user_id, 'review', p.st,
					'ZC' || to_char(p.t0 at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(p.i::text, 6, '0'),
					p.t0 - interval '20 days', p.t0, p.t0, p.series_id, p.level_code,
					(array['电子信息', '机械工程', '建设工程', '电气工程'])[1 + p.i % 4], 'returner', p.ord,
					case when p.st in ('submitted', 'returned') then pg_temp.bench_holder(p, p.ord) end,
					case p.st when 'returned' then pg_temp.bench_t(p, p.ord)
						when 'approved' then pg_temp.bench_t(p, 3)
						else pg_temp.bench_t(p, p.ord - 1) end,
					u.name, u.id_number
				from bench_plan p join users u on u.id = p.user_id`)
		);
		await step(`${CASES * 4} review steps`, () =>
			conn.unsafe(`
				insert into review_steps (case_id, ordinal, level, scope_id, unit_name, state, decided_at)
				select p.case_id, v.k, v.level, v.scope_id, v.unit_name, s.state,
					case when s.state <> 'waiting' and s.state <> 'current' then pg_temp.bench_t(p, v.k) end
				from bench_plan p
				cross join lateral (values (1, 'unit', p.unit_id, p.unit_name),
					(2, 'department', p.dept_id, p.dept_name), (3, 'hr', p.dp_id, p.dp_name),
					(4, 'committee', p.cmt_id, p.cmt_name)) v(k, level, scope_id, unit_name)
				cross join lateral (select case when v.k < p.ord then 'passed' when v.k > p.ord then 'waiting'
					when p.st = 'submitted' then 'current' when p.st = 'approved' then 'passed'
					else p.st end as state) s`)
		);
		// 提交, then each decided step's 受理 (with its 受理编号) and its decision.
		await step('review events', () =>
			conn.unsafe(`
				insert into review_events (case_id, ordinal, level, scope_id, unit_name, action,
					reason, receipt_no, at)
				select c.id, null, null, null, null, 'submit', null, c.receipt_no, c.submitted_at
				from cases c
				union all
				-- 受理 a little before the decision, after the step before it was decided
				select s.case_id, s.ordinal, s.level, s.scope_id, s.unit_name, a.action,
					case when a.action in ('return', 'reject') then '材料不全，请补充。（测试）' end,
					case when a.action = 'accept' then 'SL' || to_char(s.decided_at at time zone 'Asia/Shanghai', 'YYYYMMDD')
						|| lpad(nextval('acceptance_seq')::text, 6, '0') end,
					case when a.action = 'accept' then s.decided_at - (s.decided_at - c.submitted_at) / 10
						else s.decided_at end
				from review_steps s join cases c on c.id = s.case_id
				cross join lateral (values ('accept'),
					(case s.state when 'passed' then 'pass' when 'returned' then 'return' else 'reject' end)) a(action)
				where s.state in ('passed', 'returned', 'rejected')`)
		);
		await step(
			'claims',
			() =>
				conn`
				insert into case_claims (case_id, reviewer_id, ordinal, until)
				select p.case_id, (select id from users where account = 'bench-claimer'), p.ord,
					now() + interval '2 hours'
				from bench_plan p
				where p.st = 'submitted' and p.r_claim < 0.05 and p.unit_id <> ${BIG_UNIT}`
		);
		await step('vacuum analyze', () => conn.unsafe('vacuum analyze'));
		// The load's WAL is written out now rather than during the timed calls (superuser only).
		await conn.unsafe('checkpoint').catch(() => {});
		return { seconds: (performance.now() - t0) / 1000 };
	} finally {
		conn.release();
	}
}

/** A staff reviewer of one scope ('unit:bu-0000'); returns the user's id. */
export async function addReviewer(sql: Sql, holder: string): Promise<string> {
	const [type, scopeId] = holder.split(':') as [string, string];
	const [user] = await sql<{ id: string }[]>`
		insert into users (kind, name, account, password_hash)
		values ('staff', ${'审核员 ' + holder}, ${'bench-' + holder}, 'bench-no-login')
		returning id`;
	await sql`insert into user_roles (user_id, role, scope_type, scope_id)
		values (${user!.id}, 'reviewer', ${type}, ${scopeId})`;
	return user!.id;
}
