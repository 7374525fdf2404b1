-- 0007_record_upload: a finished upload's row written in one round trip (it took six: begin, lock,
-- the row, the case total, the write, commit). A function, not one statement: each statement
-- below reads after the lock is held, so the case total counts every upload that finished before.
create function record_upload(
	p_id uuid,
	p_owner_id uuid,
	p_case_id uuid,
	p_name text,
	p_mime text,
	p_size bigint,
	p_sha256 text,
	p_storage_key text,
	p_refusal text,
	p_max_case_bytes bigint
) returns table (outcome text, refusal text)
language plpgsql as $$
declare
	prior uploads%rowtype;
	verdict text := p_refusal;
begin
	-- Two uploads of a case may finish at the same time: one at a time, until the transaction ends.
	perform pg_advisory_xact_lock(hashtext('uploads:' || p_case_id::text));
	select * into prior from uploads where id = p_id for update;
	if found and prior.owner_id <> p_owner_id then
		return query select 'conflict', 'forbidden';
		return;
	end if;
	if found and prior.status = 'verified' then
		if p_refusal is null and prior.sha256 = p_sha256 then
			return query select 'duplicate', null::text;
		else
			return query select 'conflict', 'file_id_reused';
		end if;
		return;
	end if;
	if verdict is null and p_size + (
		select coalesce(sum(u.size), 0) from uploads u
		where u.case_id = p_case_id and u.owner_id = p_owner_id and u.status = 'verified'
	) > p_max_case_bytes then
		verdict := 'file_case_limit';
	end if;
	insert into uploads (id, owner_id, case_id, name, mime, size, sha256, storage_key, status, reason)
	values (p_id, p_owner_id, p_case_id, p_name, p_mime, p_size, p_sha256, p_storage_key,
		case when verdict is null then 'verified' else 'refused' end, verdict)
	on conflict (id) do update set case_id = excluded.case_id, name = excluded.name,
		mime = excluded.mime, size = excluded.size, sha256 = excluded.sha256,
		storage_key = excluded.storage_key, status = excluded.status, reason = excluded.reason,
		created_at = now();
	return query select case when verdict is null then 'verified' else 'refused' end, verdict;
end
$$;
