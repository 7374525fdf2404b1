import type { ReviewEventRecord } from '../../src/lib/domain/review';

/** A review event as the device stores it: nothing but what the test names. */
export function reviewEvent(
	fields: Pick<ReviewEventRecord, 'id' | 'caseId' | 'action' | 'at'> & Partial<ReviewEventRecord>
): ReviewEventRecord {
	return {
		ordinal: null,
		level: null,
		unitName: null,
		reason: null,
		notes: [],
		receiptNo: null,
		approvalNo: null,
		...fields
	};
}
