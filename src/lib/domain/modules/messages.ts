import { moduleMessage } from '$lib/i18n/module-errors';
import type { Locale } from '$lib/i18n/locale';
import { LEVEL_CODES, MODULES, fieldTitle, isModuleKey, type Issue, type Title } from './catalog';

const LEVEL_TITLES: Record<(typeof LEVEL_CODES)[number], Title> = {
	A: { 'zh-CN': '正高级', en: 'full senior' },
	B: { 'zh-CN': '副高级', en: 'deputy senior' },
	C: { 'zh-CN': '中级', en: 'intermediate' },
	D: { 'zh-CN': '助理级', en: 'assistant' },
	E: { 'zh-CN': '员级', en: 'junior' }
};

function levelTitle(code: string, locale: Locale): string {
	return code in LEVEL_TITLES ? LEVEL_TITLES[code as keyof typeof LEVEL_TITLES][locale] : code;
}

/** A short list in the reader's language: 「中级、助理级」, "intermediate, assistant". */
export function listText(items: readonly string[], locale: string): string {
	return items.join(locale === 'en' ? ', ' : '、');
}

/** Placeholder values in the reader's language (module keys and level codes become titles). */
function localParams(
	params: Issue['params'],
	locale: Locale
): Record<string, string | number> | undefined {
	if (!params) return undefined;
	const out: Record<string, string | number> = { ...params };
	if (typeof params.module === 'string' && isModuleKey(params.module))
		out.module = MODULES[params.module].title[locale];
	if (typeof params.level === 'string') out.level = levelTitle(params.level, locale);
	if (typeof params.allowed === 'string')
		out.allowed = listText(
			params.allowed.split(',').map((c) => levelTitle(c, locale)),
			locale
		);
	return out;
}

/** The message of one issue alone (for the field it belongs to). */
export function issueMessage(issue: Pick<Issue, 'code' | 'params'>, locale: Locale): string {
	return moduleMessage(issue.code, localParams(issue.params, locale), locale);
}

/** 「学历学位信息 · 学历证书：填写证书编号后必须上传对应的材料」: module, field and message. */
export function issueText(issue: Issue, locale: Locale): string {
	const parts = [MODULES[issue.module].title[locale]];
	const field = issue.field ? fieldTitle(issue.module, issue.field) : null;
	if (field && issue.code !== 'module_required') {
		const row = /\.(\d+)\./.exec(issue.field ?? '');
		const n = row ? Number(row[1]) + 1 : null;
		const rowText = n === null ? '' : locale === 'zh-CN' ? `第 ${n} 条 ` : `entry ${n}, `;
		parts.push(rowText + field[locale]);
	}
	const where = parts.join(' · ');
	const message = issueMessage(issue, locale);
	if (issue.code === 'module_required') return message;
	return locale === 'zh-CN' ? `${where}：${message}` : `${where}: ${message}`;
}

/** Several issues as one reason: 「申报信息不完整，不能提交：A；B」. */
export function issuesReason(lead: string, issues: readonly Issue[], locale: Locale): string {
	const texts = [...new Set(issues.map((i) => issueText(i, locale)))];
	if (texts.length === 0) return lead;
	return locale === 'zh-CN' ? `${lead}：${texts.join('；')}` : `${lead}: ${texts.join('; ')}`;
}
