-- 0017_module_set_rebase: versioned module sets an administrator edits, and open drafts rebased
-- on them visibly (issue #16 §2).
--   cases.module_set_id: the module-set version the case was last checked against (at 提交, and
--     when a pull rebases an open draft or a returned case on a newer version of its owner's set).
--   notices.changes: what a `requirements_changed` notice lists (modules added, made required,
--     made optional, removed, limits changed), rendered in the reader's language on the device.

alter table cases add column module_set_id text references module_sets (id);

alter table notices add column changes jsonb;
alter table notices drop constraint notices_kind_check;
alter table notices add constraint notices_kind_check
	check (kind in ('accepted', 'passed', 'returned', 'rejected', 'approved', 'certificate',
		'requirements_changed'));
