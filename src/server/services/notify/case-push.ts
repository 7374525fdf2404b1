import type { Sql } from '../../db/client';
import { pushTo } from './push';

const WORDS: Record<string, string> = {
	passed: '已通过',
	returned: '已退回，请修改后重新提交',
	rejected: '审核不通过',
	approved: '审核通过',
	accepted: '已受理',
	certificate: '职称证书已签发（或历史证书已登记），可在职称证书在线领取中查看'
};

/**
 * After a reviewer's action committed: a push of its notice to the applicant's browsers, when
 * they subscribed. Never fails the action; the notice itself travels through sync.pull.
 */
export async function pushCaseNotice(sql: Sql, caseId: string): Promise<number> {
	const [n] = await sql<
		{ userId: string; kind: string; unitName: string | null; receiptNo: string | null }[]
	>`
		select n.user_id, n.kind, n.unit_name, c.receipt_no
		from notices n join cases c on c.id = n.case_id
		where n.case_id = ${caseId} order by n.change_seq desc limit 1`;
	if (!n) return 0;
	return pushTo(sql, n.userId, {
		title: `办件 ${n.receiptNo ?? ''} 审核进度`,
		body: `${n.unitName ?? ''}：${WORDS[n.kind] ?? n.kind}`,
		url: `/cases/${caseId}`
	});
}
