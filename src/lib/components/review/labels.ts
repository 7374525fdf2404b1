import { m } from '$lib/paraglide/messages.js';
import type { ReviewLevel, StepState } from '$lib/domain/case-status';
import type { Queue, ReviewEventRecord } from '$lib/domain/review';

export const LEVEL_LABEL: Record<ReviewLevel, () => string> = {
	unit: m.rd_level_unit,
	department: m.rd_level_department,
	hr: m.rd_level_hr,
	committee: m.rd_level_committee,
	accepting: m.rd_level_accepting
};

export const QUEUE_LABEL: Record<Queue, () => string> = {
	pending: m.rd_tab_pending,
	returned: m.rd_tab_returned,
	done: m.rd_tab_done
};

export const STEP_STATE_LABEL: Record<StepState, () => string> = {
	waiting: m.rd_step_waiting,
	current: m.rd_step_current,
	returned: m.rd_step_returned,
	passed: m.rd_step_passed,
	rejected: m.rd_step_rejected
};

export const EVENT_LABEL: Record<ReviewEventRecord['action'], () => string> = {
	submit: m.rd_event_submit,
	resubmit: m.rd_event_resubmit,
	accept: m.rd_event_accept,
	pass: m.rd_event_pass,
	return: m.rd_event_return,
	reject: m.rd_event_reject,
	cancel: m.rd_event_cancel
};
