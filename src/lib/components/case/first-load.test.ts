import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * What the signed-in applicant's pages download before they are usable (issue 21 §2; sizes in
 * `npm run bench -- applicant-js`): code only some actions need stays out of the static import
 * graph of the layout's device session and of the case editor, so it loads when used.
 */

const ROOT = path.resolve(__dirname, '../../../..');
const EXTENSIONS = ['', '.ts', '.js', '.svelte', '/index.ts', '/index.js'];

/** Static value imports of one source file (`import type` and dynamic `import()` excluded). */
function staticImports(source: string): string[] {
	const code = source.replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
	const specs: string[] = [];
	for (const match of code.matchAll(
		/^\s*(import|export)\s+([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm
	)) {
		const [, , clause = '', spec = ''] = match;
		if (/^type\s/.test(clause)) continue;
		if (/^\{[^}]*\}$/.test(clause) && clause.slice(1, -1).split(',').every(isTypeOnly)) continue;
		specs.push(spec);
	}
	for (const [, spec = ''] of code.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) specs.push(spec);
	return specs;
}

function isTypeOnly(name: string): boolean {
	return name.trim() === '' || /^type\s/.test(name.trim());
}

function resolveSpec(spec: string, from: string): string | null {
	let base: string;
	if (spec.startsWith('$lib/')) base = path.join(ROOT, 'src/lib', spec.slice(5));
	else if (spec.startsWith('.')) base = path.resolve(path.dirname(from), spec);
	else return `npm:${spec}`;
	const file = EXTENSIONS.map((ext) => base + ext).find(
		(f) => /\.(ts|js|svelte)$/.test(f) && existsSync(f)
	);
	return file ?? null;
}

/** Every file and package reachable through static imports from `entry` (repository-relative). */
function staticGraph(entry: string): Set<string> {
	const seen = new Set<string>();
	const queue = [path.join(ROOT, entry)];
	while (queue.length) {
		const file = queue.pop()!;
		const key = file.startsWith('npm:') ? file : path.relative(ROOT, file);
		if (seen.has(key)) continue;
		seen.add(key);
		if (file.startsWith('npm:')) continue;
		for (const spec of staticImports(readFileSync(file, 'utf8'))) {
			const target = resolveSpec(spec, file);
			if (target) queue.push(target);
		}
	}
	return seen;
}

describe('first load of the applicant pages', () => {
	it('the device session every signed-in page opens does not download zod', () => {
		const graph = staticGraph('src/lib/offline/session.ts');
		expect(graph).toContain('src/lib/offline/outbox.ts');
		expect(graph).toContain('npm:dexie');
		expect([...graph].filter((f) => f.startsWith('npm:zod'))).toEqual([]);
	});

	it('the case editor leaves error texts and the confirm dialog until used', () => {
		const graph = staticGraph('src/lib/components/case/CaseEditor.svelte');
		expect(graph).toContain('src/lib/components/case/ModuleList.svelte');
		expect(graph).not.toContain('src/lib/i18n/module-errors.ts');
		expect(graph).not.toContain('src/lib/domain/modules/messages.ts');
		expect(graph).not.toContain('src/lib/components/form/ConfirmDialog.svelte');
	});

	it('the case editor marks modules done without zod, and loads 提交’s checks and a module’s frame when used', () => {
		const graph = staticGraph('src/routes/cases/[id]/+page.svelte');
		expect(graph).toContain('src/lib/components/case/editor-state.ts');
		expect(graph).toContain('src/lib/domain/modules/catalog-core.ts');
		expect([...graph].filter((f) => f.startsWith('npm:zod'))).toEqual([]);
		for (const later of [
			'src/lib/domain/modules/catalog.ts',
			'src/lib/domain/modules/module-set.ts',
			'src/lib/domain/modules/eligibility.ts',
			'src/lib/components/case/submit-issues.ts',
			'src/lib/components/case/ModuleHost.svelte'
		])
			expect(graph).not.toContain(later);
	});
});
