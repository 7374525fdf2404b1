-- The work unit an applicant declared at registration or last chose (prefills 工作单位).
alter table users add column work_unit_id text references work_units (id);
