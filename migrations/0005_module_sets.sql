-- 0005_module_sets: the module sets ("rule packs") of declarations (DESIGN §2, §6; manual ch. 2 §9,
-- ch. 3 §9): which modules a declaration shows and which are required (*), chosen by kind + owner
-- (评委会 for 评审, 报送受理部门 for 初定) + year. Versioned: the newest version of an owner's year
-- applies; older versions stay so a case can say which one it was checked against.
--
-- modules: [{ "key": module key (src/lib/domain/modules/catalog.ts), "required": bool,
--             "limits": { "minChars", "maxChars", "minRows", "maxRows" } (optional) }]
-- The seed is SYNTHETIC demo configuration, not an official one.

create table module_sets (
	id text primary key,
	kind text not null check (kind in ('initial', 'review')),
	owner_type text not null check (owner_type in ('committee', 'accepting_department')),
	owner_id text not null,
	year int not null check (year between 2000 and 2100),
	version int not null check (version >= 1),
	modules jsonb not null check (jsonb_typeof(modules) = 'array'),
	note text,
	created_at timestamptz not null default now(),
	unique (kind, owner_type, owner_id, year, version),
	check ((kind = 'review') = (owner_type = 'committee'))
);

-- Default sets, version 1, for the current and the next year: every committee (评审) and every
-- accepting department (初定), all 12 modules; * on 个人基本信息, 申报基本信息, 学历学位信息,
-- 工作总结, 单位公示及结果报告证明 (and 工作经历 for 评审).
insert into module_sets (id, kind, owner_type, owner_id, year, version, modules, note)
select
	'ms-' || o.kind || '-' || o.owner_id || '-' || y.year || '-v1',
	o.kind,
	o.owner_type,
	o.owner_id,
	y.year,
	1,
	jsonb_build_array(
		jsonb_build_object('key', 'basic_info', 'required', true),
		jsonb_build_object('key', 'declaration_info', 'required', true),
		jsonb_build_object('key', 'education', 'required', true),
		jsonb_build_object('key', 'work_history', 'required', o.kind = 'review'),
		jsonb_build_object('key', 'achievements', 'required', false),
		jsonb_build_object('key', 'publications', 'required', false),
		jsonb_build_object('key', 'awards', 'required', false),
		jsonb_build_object('key', 'continuing_education', 'required', false),
		jsonb_build_object('key', 'annual_review', 'required', false),
		jsonb_build_object('key', 'work_summary', 'required', true, 'limits',
			case when o.kind = 'review'
				then jsonb_build_object('minChars', 500, 'maxChars', 5000)
				else jsonb_build_object('minChars', 200, 'maxChars', 3000) end),
		jsonb_build_object('key', 'unit_proof', 'required', true),
		jsonb_build_object('key', 'other_materials', 'required', false)
	),
	'默认模块（示例配置）'
from (
	select 'review' as kind, 'committee' as owner_type, id as owner_id from committees
	union all
	select 'initial', 'accepting_department', id from accepting_departments
) as o
cross join (
	select extract(year from now())::int as year
	union all
	select extract(year from now())::int + 1
) as y;

-- Stricter, version 2: 南京市工程技术中级评委会 also requires 专业技术工作业绩 and 年度考核 (3 years),
-- and a 工作总结 of 800–5000 characters (domain §5.2 J).
insert into module_sets (id, kind, owner_type, owner_id, year, version, modules, note)
select
	'ms-review-cmt-nj-eng-c-' || y.year || '-v2',
	'review',
	'committee',
	'cmt-nj-eng-c',
	y.year,
	2,
	jsonb_build_array(
		jsonb_build_object('key', 'basic_info', 'required', true),
		jsonb_build_object('key', 'declaration_info', 'required', true),
		jsonb_build_object('key', 'education', 'required', true),
		jsonb_build_object('key', 'work_history', 'required', true),
		jsonb_build_object('key', 'achievements', 'required', true, 'limits', jsonb_build_object('minRows', 1)),
		jsonb_build_object('key', 'publications', 'required', false),
		jsonb_build_object('key', 'awards', 'required', false),
		jsonb_build_object('key', 'continuing_education', 'required', false),
		jsonb_build_object('key', 'annual_review', 'required', false, 'limits', jsonb_build_object('maxRows', 5)),
		jsonb_build_object('key', 'work_summary', 'required', true, 'limits',
			jsonb_build_object('minChars', 800, 'maxChars', 5000)),
		jsonb_build_object('key', 'unit_proof', 'required', true),
		jsonb_build_object('key', 'other_materials', 'required', false)
	),
	'严格要求：业绩必填，工作总结 800–5000 字（示例配置）'
from (
	select extract(year from now())::int as year
	union all
	select extract(year from now())::int + 1
) as y;

-- Lighter, version 2: 苏州工业园区 (初定) shows fewer modules; 工作总结 is optional and short.
insert into module_sets (id, kind, owner_type, owner_id, year, version, modules, note)
select
	'ms-initial-ad-sz-sip-' || y.year || '-v2',
	'initial',
	'accepting_department',
	'ad-sz-sip',
	y.year,
	2,
	jsonb_build_array(
		jsonb_build_object('key', 'basic_info', 'required', true),
		jsonb_build_object('key', 'declaration_info', 'required', true),
		jsonb_build_object('key', 'education', 'required', true),
		jsonb_build_object('key', 'work_history', 'required', false),
		jsonb_build_object('key', 'work_summary', 'required', false, 'limits',
			jsonb_build_object('minChars', 100, 'maxChars', 2000)),
		jsonb_build_object('key', 'unit_proof', 'required', true),
		jsonb_build_object('key', 'other_materials', 'required', false)
	),
	'简化要求：工作总结选填（示例配置）'
from (
	select extract(year from now())::int as year
	union all
	select extract(year from now())::int + 1
) as y;
