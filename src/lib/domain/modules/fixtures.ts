/**
 * A complete, valid 职称评审 declaration of the demo applicant 王芳 (320102199003070025) to the
 * 南京市工程技术中级评委会 (the strict module set): for tests and demos. Her education comes from
 * the registry (no uploads); 单位公示及结果报告证明 needs two attached files, whose ids the caller
 * passes.
 */
export const WORK_SUMMARY_SAMPLE =
	'本人长期从事电子信息领域的嵌入式软件研发工作，主持完成多项产品的系统设计与测试。'.repeat(24);

export function validReviewModules(
	year: number,
	files: { unitConsent: string; personalPledge: string }
): Record<string, Record<string, unknown>> {
	return {
		basic_info: {
			regionCode: '320106',
			unitNature: '31',
			departmentId: 'dept-nj-gxj',
			workUnitId: 'wu-nj-001',
			workUnitName: '南京智造科技有限公司',
			creditCode: '91320106MA1W8K3Q87',
			phone: '13800000001',
			email: 'wangfang@example.com',
			firstWorkedOn: '2012-07-15'
		},
		declaration_info: {
			level: 'C',
			seriesId: 'engineering',
			specialty: '电子信息',
			committeeId: 'cmt-nj-eng-c',
			year
		},
		education: {
			records: [
				{
					source: 'registry',
					school: '东南大学',
					major: '计算机科学与技术',
					education: '本科',
					degree: '学士',
					graduatedOn: '2012-06-30',
					studyMode: '全日制',
					eduCertNo: '102861201205003071',
					degreeCertNo: '1028642012003071'
				}
			]
		},
		work_history: {
			rows: [
				{
					from: '2012-07',
					to: null,
					unit: '南京智造科技有限公司',
					department: '研发中心',
					position: '软件工程师',
					work: '嵌入式软件开发'
				}
			]
		},
		achievements: {
			rows: [
				{
					project: '智能电表嵌入式固件',
					from: '2018-03',
					to: '2019-12',
					role: '项目负责人',
					description: '面向国网标准的智能电表固件研发',
					contribution: '负责总体设计与关键模块实现'
				}
			]
		},
		work_summary: { text: WORK_SUMMARY_SAMPLE },
		unit_proof: {
			slots: { unit_consent: files.unitConsent, personal_pledge: files.personalPledge }
		}
	};
}
