import { sameJson } from './canonical-json';
import type { ModuleChange } from './review';

interface Side {
	modules: Record<string, Record<string, unknown>>;
	attachments: readonly { id: string; module: string; name: string }[];
}

/**
 * What changed in each module between a 退回 and now: the fields whose values differ (a list of
 * rows counts as one field) and the files added or removed. Modules with no change are left out.
 */
export function diffModules(before: Side, after: Side): ModuleChange[] {
	const keys = new Set([
		...Object.keys(before.modules),
		...Object.keys(after.modules),
		...before.attachments.map((a) => a.module),
		...after.attachments.map((a) => a.module)
	]);
	const out: ModuleChange[] = [];
	for (const module of [...keys].sort()) {
		const b = before.modules[module] ?? {};
		const a = after.modules[module] ?? {};
		const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])]
			.filter((key) => !sameJson(b[key] ?? null, a[key] ?? null))
			.map((key) => ({ key, before: b[key] ?? null, after: a[key] ?? null }));
		const was = new Map(
			before.attachments.filter((f) => f.module === module).map((f) => [f.id, f])
		);
		const now = new Map(after.attachments.filter((f) => f.module === module).map((f) => [f.id, f]));
		const added = [...now.values()].filter((f) => !was.has(f.id));
		const removed = [...was.values()].filter((f) => !now.has(f.id));
		if (fields.length || added.length || removed.length) {
			out.push({
				module,
				fields,
				attachmentsAdded: added.map(({ id, name }) => ({ id, name })),
				attachmentsRemoved: removed.map(({ id, name }) => ({ id, name }))
			});
		}
	}
	return out;
}
