import { maskIdNumber } from '$lib/domain/mask';
import { renderPdf, type Block } from './layout';

/**
 * The two proofs of 单位公示及结果报告证明 (manual ch. 2 §三 7, ch. 3 §三 7) as 模板下载: printed,
 * filled in by hand, signed and sealed, then uploaded. The applicant's own details are filled in;
 * the ID number is masked because the file leaves the site.
 */
export interface TemplateApplicant {
	name: string;
	idNumber: string;
	/** The work unit chosen at registration, when known. */
	unitName?: string | null;
}

const BLANK = '__________';
const SHORT = '____';
const DATE = `${SHORT}年${'___'}月${'___'}日`;
const SIGN_INSET = 250;

const para = (text: string): Block => ({ type: 'paragraph', text, indent: true });
const sign = (text: string): Block => ({ type: 'paragraph', text, inset: SIGN_INSET });
const space = (height: number): Block => ({ type: 'space', height });

export function unitConsentTemplate(applicant: TemplateApplicant): Promise<Uint8Array> {
	const who = `${applicant.name}同志（身份证号：${maskIdNumber(applicant.idNumber)}）`;
	const unit = applicant.unitName?.trim() || BLANK + BLANK;
	return renderPdf({
		title: `单位同意申报证明（${applicant.name}）`,
		blocks: [
			{ type: 'title', text: '单位同意申报证明' },
			space(10),
			{ type: 'paragraph', text: `${BLANK}${BLANK}（主管部门／职称评审委员会）：` },
			para(
				`兹证明${who}系我单位在职专业技术人员，自${SHORT}年${'___'}月起在我单位工作，` +
					`现从事${BLANK}${BLANK}专业技术工作，现任${BLANK}职务。`
			),
			para(
				'经审核，该同志提交的申报材料真实、准确、完整，符合本年度职称申报条件。' +
					`其申报材料已于${DATE}至${DATE}在${BLANK}${BLANK}（公示地点或方式）进行公示，` +
					`公示期不少于5个工作日。公示结果：${BLANK}${BLANK}（无异议／有异议及处理情况）。`
			),
			para(
				`经研究，我单位同意该同志申报${BLANK}${BLANK}（系列、专业）${BLANK}（级别）专业技术资格，` +
					'并对以上内容的真实性负责。'
			),
			para('特此证明。'),
			space(36),
			sign(`单位名称（盖章）：${unit}`),
			space(8),
			sign(`单位负责人（签字）：${BLANK}`),
			sign(`经办人：${BLANK}`),
			sign(`联系电话：${BLANK}`),
			space(8),
			sign(DATE)
		]
	});
}

export function personalPledgeTemplate(applicant: TemplateApplicant): Promise<Uint8Array> {
	return renderPdf({
		title: `个人承诺书（${applicant.name}）`,
		blocks: [
			{ type: 'title', text: '个人承诺书' },
			space(10),
			para(
				`本人${applicant.name}（身份证号：${maskIdNumber(applicant.idNumber)}），` +
					`现申报${BLANK}${BLANK}（系列、专业）${BLANK}（级别）专业技术资格，郑重承诺：`
			),
			para(
				'一、本人填报的个人信息、学历学位、工作经历、专业技术工作业绩、论文著作、获奖情况、' +
					'继续教育、年度考核等申报信息及所提交的全部材料真实、准确、完整，' +
					'不存在弄虚作假、伪造或变造证书证件、抄袭剽窃他人成果等情形。'
			),
			para('二、本人已认真阅读本年度职称申报的有关文件，对照申报条件自评，确认符合申报条件。'),
			para(
				'三、本人遵守国家法律法规和职业道德，遵守职称评审工作纪律，' +
					'不以任何方式请托、干扰或影响评审工作。'
			),
			para('四、申报期间本人保持联系方式畅通，按要求及时补充或更正材料。'),
			para(
				'如有违反上述承诺的行为，本人自愿按照《职称评审管理暂行规定》（人力资源社会保障部令第40号）' +
					'等有关规定承担取消申报资格、撤销已取得的专业技术资格等相应后果，' +
					'并同意将失信情况记入本人诚信档案。'
			),
			space(36),
			sign(`承诺人（签字并按手印）：${BLANK}`),
			space(8),
			sign(DATE)
		]
	});
}
