import type { Sql } from '../../db/client';
import type { DeclarationInfo } from '$lib/domain/modules/catalog';
import { ownerOf, type ModuleSet } from '$lib/domain/modules/module-set';
import { diffModuleSets } from '$lib/domain/modules/set-diff';
import { findModuleSet } from '../reference';
import { lockChangesForWrite } from './changes-lock';

/**
 * Rebases the applicant's open cases (drafts and returned cases; never one in review) on the
 * module-set version in force, before a pull reads the changes. Done at pull rather than at push
 * so that an applicant who is not editing still learns of it, and the notice travels with the
 * same pull to the device, where it shows offline.
 *
 * A case records the version it was last checked against (`cases.module_set_id`). A newer version
 * of the same owner's year writes one `requirements_changed` notice listing what changed; a first
 * check, or another owner or year chosen in 申报基本信息, only records the version.
 */
export async function rebaseOpenCases(sql: Sql, applicantId: string): Promise<number> {
	const open = await sql<{ id: string; kind: string; moduleSetId: string | null; info: unknown }[]>`
		select c.id, c.kind, c.module_set_id, m.data as info
		from cases c join case_modules m on m.case_id = c.id and m.module = 'declaration_info'
		where c.applicant_id = ${applicantId} and c.status in ('draft', 'returned')
			and c.kind in ('initial', 'review')`;
	const due: { caseId: string; set: ModuleSet }[] = [];
	for (const c of open) {
		const owner = ownerOf(c.kind, c.info as DeclarationInfo);
		if (!owner || owner.year < 2000 || owner.year > 2100) continue;
		const set = await findModuleSet(sql, owner);
		if (set && set.id !== c.moduleSetId) due.push({ caseId: c.id, set });
	}
	if (due.length === 0) return 0;
	return sql.begin(async (tx) => {
		await lockChangesForWrite(tx, applicantId);
		let notices = 0;
		for (const { caseId, set } of due) {
			const [kase] = await tx<{ status: string; moduleSetId: string | null }[]>`
				select status, module_set_id from cases where id = ${caseId} for update`;
			// Submitted (or rebased by a concurrent pull) since the look above.
			if (!kase || !['draft', 'returned'].includes(kase.status) || kase.moduleSetId === set.id)
				continue;
			const [was] = kase.moduleSetId
				? await tx<ModuleSet[]>`
					select id, kind, owner_type, owner_id, year, version, modules from module_sets
					where id = ${kase.moduleSetId}`
				: [];
			await tx`update cases set module_set_id = ${set.id} where id = ${caseId}`;
			if (!was || !sameOwnerOlder(was, set)) continue;
			const changes = diffModuleSets(was.modules, set.modules);
			if (changes.length === 0) continue;
			await tx`insert into notices (user_id, case_id, kind, changes)
				values (${applicantId}, ${caseId}, 'requirements_changed', ${tx.json(changes as never)})`;
			notices += 1;
		}
		return notices;
	}) as Promise<number>;
}

function sameOwnerOlder(was: ModuleSet, now: ModuleSet): boolean {
	return (
		was.kind === now.kind &&
		was.ownerType === now.ownerType &&
		was.ownerId === now.ownerId &&
		was.year === now.year &&
		was.version < now.version
	);
}
