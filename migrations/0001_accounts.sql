-- Accounts, roles, sessions, login rate limits and the audit log.

create table users (
	id uuid primary key default gen_random_uuid(),
	kind text not null check (kind in ('applicant', 'staff')),
	name text not null,
	id_number text unique,
	mobile text unique,
	account text unique,
	password_hash text not null,
	created_at timestamptz not null default now(),
	check (kind <> 'applicant' or (id_number is not null and mobile is not null)),
	check (kind <> 'staff' or account is not null)
);

create table user_roles (
	id serial primary key,
	user_id uuid not null references users (id) on delete cascade,
	role text not null check (role in ('applicant', 'reviewer', 'admin')),
	scope_type text check (scope_type in ('unit', 'department', 'hr', 'committee')),
	scope_id text,
	check ((role = 'reviewer') = (scope_type is not null and scope_id is not null))
);
create unique index user_roles_unique on user_roles (user_id, role, coalesce(scope_type, ''), coalesce(scope_id, ''));

-- Only SHA-256 of the token's secret is stored; the id half is looked up, the hash compared in constant time.
create table sessions (
	id text primary key,
	user_id uuid not null references users (id) on delete cascade,
	secret_hash bytea not null,
	idle_timeout_seconds integer not null,
	last_verified_at timestamptz not null default now(),
	created_at timestamptz not null default now()
);
create index sessions_user on sessions (user_id);

-- Fixed one-minute windows of failed logins per key ('account:…' or 'ip:…'), shared by every server process.
create table login_attempts (
	key text primary key,
	window_start timestamptz not null,
	failures integer not null
);

create table audit_log (
	id bigserial primary key,
	actor_id uuid references users (id) on delete set null,
	action text not null,
	subject text,
	detail jsonb not null default '{}',
	at timestamptz not null default now()
);
