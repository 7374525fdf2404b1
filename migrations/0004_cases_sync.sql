-- Cases, per-module data with revisions, attachments and exactly-once sync (DESIGN §6–7).

-- One sequence orders every change an applicant's devices pull (cases, modules, attachments, …).
create sequence change_seq;
-- 办件编号 serials.
create sequence receipt_seq;

create table cases (
	id uuid primary key,
	applicant_id uuid not null references users (id),
	kind text not null check (kind in ('initial', 'review', 'historical', 'reissue')),
	status text not null default 'draft'
		check (status in ('draft', 'submitted', 'returned', 'cancelled', 'approved', 'rejected')),
	receipt_no text unique,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	submitted_at timestamptz,
	change_seq bigint not null default nextval('change_seq')
);
create index cases_applicant_seq on cases (applicant_id, change_seq);

create table case_modules (
	case_id uuid not null references cases (id) on delete cascade,
	module text not null,
	data jsonb not null,
	revision integer not null,
	updated_at timestamptz not null default now(),
	change_seq bigint not null default nextval('change_seq'),
	primary key (case_id, module)
);
create index case_modules_seq on case_modules (change_seq);

-- A file received through tus and checked on the server (size, SHA-256, real type), before any
-- case may link it. Its id is the attachment id the device made.
create table uploads (
	id uuid primary key,
	owner_id uuid not null references users (id),
	case_id uuid,
	name text not null,
	mime text not null,
	size bigint not null,
	sha256 text not null,
	storage_key text not null,
	status text not null check (status in ('verified', 'refused')),
	reason text,
	created_at timestamptz not null default now()
);
create index uploads_owner on uploads (owner_id);

-- A verified upload linked to a module slot of a case by a file.attach mutation.
create table attachments (
	id uuid primary key references uploads (id),
	case_id uuid not null references cases (id) on delete cascade,
	module text not null,
	slot text not null,
	status text not null default 'attached' check (status in ('attached', 'detached')),
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	change_seq bigint not null default nextval('change_seq')
);
create index attachments_case on attachments (case_id);
create index attachments_seq on attachments (change_seq);

-- Every mutation a device sent, with its answer, written in the same transaction as its effect:
-- a repeat gets the stored answer, a reused id with another payload is refused.
create table applied_mutations (
	mutation_id uuid primary key,
	user_id uuid not null references users (id),
	client_id uuid not null,
	request_hash text not null,
	result jsonb not null,
	at timestamptz not null default now()
);
