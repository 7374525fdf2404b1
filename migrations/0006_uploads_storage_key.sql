-- 0006_uploads_storage_key: an upload is also found by its tus id (the file's storage key): a
-- download by key, and a HEAD of a finished upload that confirms its checksum.
create unique index uploads_storage_key on uploads (storage_key);
