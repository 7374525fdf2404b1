-- 0008_review: multi-level review (DESIGN §6, §8; issue #14). A submitted case gets its review
-- steps fixed at 提交 (a snapshot of its kind's workflow), append-only review events from which its
-- status and current step are derived in the same transaction, claims that keep two reviewers of
-- one unit off the same case, in-app notices to the applicant, and an append-only audit log.

-- 报送受理部门 review 初定 cases: a reviewer scope of its own.
alter table user_roles drop constraint user_roles_scope_type_check;
alter table user_roles add constraint user_roles_scope_type_check
	check (scope_type in ('unit', 'department', 'hr', 'committee', 'accepting'));

-- The levels each case kind passes; read at 提交 and copied into the case's steps.
create table review_workflows (
	kind text primary key check (kind in ('initial', 'review', 'historical', 'reissue')),
	levels text[] not null check (cardinality(levels) between 1 and 10),
	-- Where 提交 after a 退回 goes: the level that returned it, or the first.
	resubmit_to text not null default 'returner' check (resubmit_to in ('returner', 'first')),
	updated_at timestamptz not null default now()
);
insert into review_workflows (kind, levels) values
	('initial', '{unit,department,accepting}'),
	('review', '{unit,department,hr,committee}'),
	('historical', '{hr}'),
	('reissue', '{hr}');

-- What the queue filters by, copied from 申报基本信息 at 提交, and where the case stands.
alter table cases
	add column series_id text,
	add column level_code text,
	add column specialty text,
	add column period_id text,
	add column resubmit_to text,
	add column current_ordinal int,
	-- 'level:scope_id' of the step that holds the case (submitted) or returned it (returned).
	add column current_holder text,
	add column current_since timestamptz;
create index cases_queue on cases (current_holder, status, current_since, id);

create table review_steps (
	case_id uuid not null references cases (id) on delete cascade,
	ordinal int not null check (ordinal >= 1),
	level text not null check (level in ('unit', 'department', 'hr', 'committee', 'accepting')),
	scope_id text not null,
	holder text generated always as (level || ':' || scope_id) stored,
	unit_name text not null,
	state text not null default 'waiting'
		check (state in ('waiting', 'current', 'returned', 'passed', 'rejected')),
	decided_at timestamptz,
	primary key (case_id, ordinal)
);
-- 已处理: the steps a unit decided, newest first.
create index review_steps_decided on review_steps (holder, decided_at desc, case_id)
	where state in ('passed', 'rejected');
create index review_steps_holder on review_steps (holder, case_id);

create table review_events (
	id uuid primary key default gen_random_uuid(),
	case_id uuid not null references cases (id),
	ordinal int,
	level text,
	scope_id text,
	unit_name text,
	actor_id uuid references users (id),
	action text not null
		check (action in ('submit', 'resubmit', 'accept', 'pass', 'return', 'reject', 'cancel')),
	reason text,
	notes jsonb not null default '[]' check (jsonb_typeof(notes) = 'array'),
	receipt_no text,
	approval_no text,
	-- At a 退回: the modules and files as they were, for the field-level diff of the resubmission.
	snapshot jsonb,
	at timestamptz not null default now(),
	change_seq bigint not null default nextval('change_seq')
);
create index review_events_case on review_events (case_id, at);
create index review_events_seq on review_events (change_seq);

-- 受理编号 of each level's acceptance.
create sequence acceptance_seq;

-- One reviewer works a case at a time; a claim expires by itself.
create table case_claims (
	case_id uuid primary key references cases (id) on delete cascade,
	reviewer_id uuid not null references users (id),
	ordinal int not null,
	until timestamptz not null
);

create table notices (
	id uuid primary key default gen_random_uuid(),
	user_id uuid not null references users (id),
	case_id uuid not null references cases (id),
	kind text not null check (kind in ('accepted', 'passed', 'returned', 'rejected', 'approved')),
	unit_name text,
	reason text,
	at timestamptz not null default now(),
	read_at timestamptz,
	change_seq bigint not null default nextval('change_seq')
);
create index notices_user_seq on notices (user_id, change_seq);

-- Append-only history: review events never change; the audit log never changes and keeps every
-- row at least 180 days (a retention job may delete older ones).
create function refuse_change() returns trigger language plpgsql as $$
begin
	raise exception '% is append-only', tg_table_name using errcode = 'insufficient_privilege';
end
$$;
create trigger review_events_append_only before update or delete on review_events
	for each row execute function refuse_change();
create trigger review_events_no_truncate before truncate on review_events
	for each statement execute function refuse_change();

create function refuse_audit_change() returns trigger language plpgsql as $$
begin
	if tg_op = 'DELETE' and old.at < now() - interval '180 days' then
		return old;
	end if;
	raise exception 'audit_log is append-only (rows are kept 180 days)' using errcode = 'insufficient_privilege';
end
$$;
create trigger audit_log_append_only before update or delete on audit_log
	for each row execute function refuse_audit_change();
create trigger audit_log_no_truncate before truncate on audit_log
	for each statement execute function refuse_change();
create index audit_log_subject on audit_log (subject, at);
create index audit_log_at on audit_log (at);
