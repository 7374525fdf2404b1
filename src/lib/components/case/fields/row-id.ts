/**
 * The id a 退回 note pins a row of a list module by: the row's own `id` when it has one, else
 * its position. Reviewer and applicant compute it the same way from the same data.
 */
export function rowIdOf(row: object, index: number): string {
	const id = (row as { id?: unknown }).id;
	return typeof id === 'string' && id.trim() ? id : String(index);
}

/** The field that names a row in a summary or a note's place, by module. */
const ROW_NAME_KEYS = [
	'school',
	'unit',
	'project',
	'title',
	'name',
	'organizer',
	'content',
	'year'
];

/** What a row of a list module is called in a summary: its first filled naming field, or ''. */
export function rowNameOf(row: Record<string, unknown>): string {
	for (const key of ROW_NAME_KEYS) {
		const v = row[key];
		if ((typeof v === 'string' && v.trim()) || typeof v === 'number') return String(v);
	}
	return '';
}
