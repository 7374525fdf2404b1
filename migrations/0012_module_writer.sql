-- Which client wrote a module's latest revisions (DESIGN §7): a save whose base revision is
-- behind only revisions that same client wrote (its own saves whose answers it never received)
-- builds on them; only a revision from another client makes a conflict.
--   writer_client_id: the client that wrote the current revision;
--   writer_since: the first revision of its unbroken run of writes up to the current one.
-- Rows written before this migration have neither: any base mismatch is a conflict, as before.
alter table case_modules
	add column writer_client_id uuid,
	add column writer_since integer;
