-- 0016_admin: reference data an administrator maintains in the app (issue #16).
--   revision: bumped by every save; a save names the revision it was edited from, so a second
--     administrator's save on a changed row is refused instead of overwriting it.
--   retired_at: a retired row is hidden from new declarations and kept for the cases that use it
--     (deleting a row in use is refused).
--   users.disabled_at: a disabled staff account cannot sign in and loses its sessions.

alter table committees
	add column revision int not null default 1,
	add column retired_at timestamptz;
alter table accepting_departments
	add column revision int not null default 1,
	add column retired_at timestamptz;
alter table declaration_points
	add column revision int not null default 1,
	add column retired_at timestamptz;
alter table declaration_periods
	add column revision int not null default 1;
alter table consultation_phones
	add column revision int not null default 1,
	add column retired_at timestamptz;

alter table users add column disabled_at timestamptz;

-- The audit log viewer filters by person, action and date.
create index audit_log_actor on audit_log (actor_id, at);
create index audit_log_action on audit_log (action, at);

-- The committee office's export of one 申报期's results reads it in keyset batches.
create index cases_period_export on cases (period_id, (coalesce(submitted_at, created_at)), id)
	where period_id is not null;
