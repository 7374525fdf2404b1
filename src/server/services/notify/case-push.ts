import type { Sql } from '../../db/client';
import type { PushMessage } from './push';

const WORDS: Record<string, string> = {
	passed: '已通过',
	returned: '已退回，请修改后重新提交',
	rejected: '审核不通过',
	approved: '审核通过',
	accepted: '已受理',
	certificate: '职称证书已签发（或历史证书已登记），可在职称证书在线领取中查看'
};

/**
 * The push of a case's latest notice (written by a reviewer's action), and whom it is for; null
 * when the case has none. The notice itself reaches the applicant through sync.pull; a push only
 * wakes the phone sooner.
 */
export async function caseNoticePush(
	sql: Sql,
	caseId: string
): Promise<{ userId: string; message: PushMessage } | null> {
	const [n] = await sql<
		{ userId: string; kind: string; unitName: string | null; receiptNo: string | null }[]
	>`
		select n.user_id, n.kind, n.unit_name, c.receipt_no
		from notices n join cases c on c.id = n.case_id
		where n.case_id = ${caseId} order by n.change_seq desc limit 1`;
	if (!n) return null;
	return {
		userId: n.userId,
		message: {
			title: `办件 ${n.receiptNo ?? ''} 审核进度`,
			body: `${n.unitName ?? ''}：${WORDS[n.kind] ?? n.kind}`,
			url: `/cases/${caseId}`
		}
	};
}
