import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorMessage, isErrorCode, messageWith } from './errors';
import { MODULE_MESSAGES, MODULE_PARAM_MESSAGES, moduleMessage } from './module-errors';

const LOCALES = ['zh-CN', 'en'] as const;
const moduleCodes = [...Object.keys(MODULE_MESSAGES), ...Object.keys(MODULE_PARAM_MESSAGES)];

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const p = path.join(dir, name);
		if (statSync(p).isDirectory()) return sources(p);
		return /\.(ts|svelte)$/.test(name) && !name.includes('.test.') ? [p] : [];
	});
}

describe('module error texts', () => {
	it('read the same as the full table, in both languages', () => {
		const params = { module: '工作总结', min: 2, max: 5, count: 3, level: '中级', years: 4 };
		for (const locale of LOCALES) {
			for (const code of moduleCodes) {
				expect(moduleMessage(code, params, locale), code).toBe(messageWith(code, params, locale));
				expect(moduleMessage(code, params, locale), code).not.toBe('');
			}
		}
	});

	it('give an unknown code the invalid_field text', () => {
		for (const locale of LOCALES)
			expect(moduleMessage('no_such_code', undefined, locale)).toBe(
				errorMessage('invalid_field', locale)
			);
	});

	// A code the module rules or 提交's verdict use but the editor's table lacks would read as
	// 「填写有误」 in the editor: every message code named in those sources must be in it.
	it('cover every code the module rules and the 提交 verdict name', () => {
		const files = [
			...sources('src/lib/domain/modules'),
			...sources('src/lib/components/case'),
			'src/server/services/submit-rules.ts'
		];
		const missing = new Set<string>();
		for (const file of files) {
			const text = readFileSync(file, 'utf8');
			for (const match of text.matchAll(/code: '([a-z_]+)'/g)) {
				const code = match[1]!;
				if (isErrorCode(code) && !moduleCodes.includes(code)) missing.add(`${code} (${file})`);
			}
			for (const match of text.matchAll(/'([a-z]+_[a-z_]+)'/g)) {
				const code = match[1]!;
				if (
					(isErrorCode(code) || code in MODULE_PARAM_MESSAGES) &&
					!moduleCodes.includes(code) &&
					!code.startsWith('sync_')
				)
					missing.add(`${code} (${file})`);
			}
		}
		expect([...missing]).toEqual([]);
	});
});
