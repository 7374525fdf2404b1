-- 0014_certificates: the certificate a case's last 通过 issues (issue #22, DESIGN §6, domain §4).
-- 评审 / 初定 and 补办(换发) issue a signed e-certificate; 历史职称数据登记 registers a paper one
-- (no e-certificate). The row carries what is printed on it, the masked ID number only, and the
-- SM2 signature over its canonical fields, so the public verification needs nothing else.

-- The public keys certificates were signed with: a retired key stays, so its certificates still
-- verify. The private key is configuration, never a row.
create table certificate_signing_keys (
	key_id text primary key,
	-- Uncompressed SM2 point, hex: 04 || x || y.
	public_key text not null unique check (public_key ~ '^04[0-9a-f]{128}$'),
	created_at timestamptz not null default now()
);

-- The serial of each number prefix (JS + year + level + series + region), taken in the issuing
-- transaction: a rolled-back issuance gives its serial back.
create table certificate_serials (
	prefix text primary key,
	last_serial integer not null check (last_serial between 1 and 999999)
);

create table certificates (
	id uuid primary key default gen_random_uuid(),
	cert_no text not null unique check (cert_no ~ '^JS\d{4}-[A-E]-\d{2}-\d{4}-\d{6}$'),
	holder_id uuid not null references users (id),
	-- The case whose last 通过 issued it: one certificate per case.
	case_id uuid not null unique references cases (id),
	-- 申报类型 (评审 / 初定); unknown for a registered paper certificate.
	source text check (source in ('review', 'initial')),
	status text not null check (status in ('valid', 'void', 'replaced', 'historical')),
	has_e_certificate boolean not null,
	holder_name text not null,
	id_number_masked text not null,
	photo_upload_id uuid references uploads (id),
	series_id text references title_series (id),
	series_name text not null,
	level_code text not null check (level_code in ('A', 'B', 'C', 'D', 'E')),
	level_name text not null,
	title_name text not null,
	specialty text,
	-- 评委会名称, or the approving authority of a 初定.
	committee_name text,
	approval_no text,
	approved_on date,
	issued_on date not null,
	issuing_authority text not null,
	region_code text,
	management_no text,
	old_certificate_no text,
	predecessor_id uuid references certificates (id),
	successor_id uuid references certificates (id),
	-- The canonical JSON that was signed, the SM2 signature (DER, hex) and the key that made it.
	signed_fields text,
	signature text,
	key_id text references certificate_signing_keys (key_id),
	-- Bumped whenever what the PDF shows changes: the rendered PDF is cached by it.
	version integer not null default 1,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	change_seq bigint not null default nextval('change_seq'),
	check (
		has_e_certificate = (signature is not null and signed_fields is not null and key_id is not null)
	),
	check (status in ('void', 'replaced') or (status = 'historical') = (not has_e_certificate)),
	check (status not in ('void', 'replaced') or successor_id is not null)
);
create index certificates_holder_seq on certificates (holder_id, change_seq);
create index certificates_seq on certificates (change_seq);
-- 职称证书查询 by name + number also finds a registered paper certificate by its printed number.
create index certificates_old_no on certificates (old_certificate_no)
	where old_certificate_no is not null;

-- The applicant's notice that a certificate was issued (or a paper one registered).
alter table notices drop constraint notices_kind_check;
alter table notices add constraint notices_kind_check
	check (kind in ('accepted', 'passed', 'returned', 'rejected', 'approved', 'certificate'));
