-- 0013_queue_search: a reviewer's search by name or ID number inside their own queue (issue #14
-- item 5) reads only the queue's index. The applicant's name and ID number are copied onto the
-- case (triggers keep the copies true) and the queue index carries them and every filtered column,
-- so a search or a filter reads the reviewer's slice of the index instead of scanning every user,
-- whatever the database's locale (pg_trgm drops Chinese characters under a C locale).

alter table cases
	add column applicant_name text,
	add column applicant_id_number text;

update cases c set applicant_name = u.name, applicant_id_number = u.id_number
from users u where u.id = c.applicant_id;

create function cases_copy_applicant() returns trigger language plpgsql as $$
begin
	select u.name, u.id_number into new.applicant_name, new.applicant_id_number
	from users u where u.id = new.applicant_id;
	return new;
end $$;

create trigger cases_copy_applicant before insert or update of applicant_id on cases
	for each row execute function cases_copy_applicant();

create function users_copy_to_cases() returns trigger language plpgsql as $$
begin
	update cases set applicant_name = new.name, applicant_id_number = new.id_number
	where applicant_id = new.id;
	return null;
end $$;

create trigger users_copy_to_cases after update of name, id_number on users
	for each row when (old.name is distinct from new.name or old.id_number is distinct from new.id_number)
	execute function users_copy_to_cases();

drop index cases_queue;
create index cases_queue on cases (current_holder, status, current_since, id)
	include (applicant_name, applicant_id_number, kind, series_id, level_code, period_id, submitted_at);
