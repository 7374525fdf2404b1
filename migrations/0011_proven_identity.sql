-- Proven identity (实名核验 + SMS codes), abuse limits kept in PostgreSQL, absolute session lifetimes.

-- When the identity registry confirmed this account's name and ID number (registration, or the seed
-- for the demo people). 自动获取 answers only verified accounts.
alter table users add column identity_verified_at timestamptz;

-- The development identity registry (the seam for the national 实名核验 service): the demo people,
-- the people the tests register, and the README's test identities. Production configures
-- IDENTITY_REGISTRY_URL instead; this table is then never read.
create table identity_registry (
	id_number text primary key,
	name text not null
);
insert into identity_registry (id_number, name) values
	('320102199003070025', '王芳'),
	('320506198808151239', '李强'),
	('320102199204150021', '赵敏（示例）'),
	('32010419880921003X', '钱伟（示例）'),
	('320105199101020047', '孙丽（示例）'),
	('320113198706300055', '周杰（示例）'),
	('320114199303170066', '吴静（示例）'),
	('320115199408080071', '冯雪（示例）'),
	('320583198905120082', '陈刚（示例）'),
	('320583199002250091', '褚红（示例）'),
	('321283199501010046', '陈静'),
	('320707198705210010', '赵敏'),
	('320102198001010016', '测试甲'),
	('320102198502020028', '测试乙');
-- Accounts made before this migration that the development registry confirms (the demo people of
-- an existing development database) count as verified; any other account must be verified anew.
update users u set identity_verified_at = now()
	from identity_registry r where r.id_number = u.id_number and r.name = u.name;

-- One-time SMS codes: only SHA-256 of the code is kept; 5 minutes, 5 tries, used once.
create table sms_codes (
	id bigserial primary key,
	mobile text not null,
	purpose text not null check (purpose in ('register', 'reset')),
	code_hash bytea not null,
	tries integer not null default 0,
	expires_at timestamptz not null,
	used_at timestamptz,
	created_at timestamptz not null default now()
);
create index sms_codes_mobile on sms_codes (mobile, purpose, id desc);
create index sms_codes_expires on sms_codes (expires_at);

-- Abuse limits shared by every server process: a counter per key within a window, and a backoff
-- ('login-pair:…') whose next allowed attempt grows with each failure.
drop table login_attempts;
create table throttles (
	key text primary key,
	count integer not null,
	window_start timestamptz not null,
	next_at timestamptz not null,
	expires_at timestamptz not null
);
create index throttles_expires on throttles (expires_at);

-- Sessions end at an absolute time too (applicants 90 days, staff 12 hours by default).
alter table sessions add column expires_at timestamptz;
update sessions set expires_at = created_at
	+ case when idle_timeout_seconds <= 3600 then interval '12 hours' else interval '90 days' end;
alter table sessions alter column expires_at set not null;
create index sessions_expires on sessions (expires_at);
