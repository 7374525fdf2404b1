/**
 * The id a 退回 note pins a row of a list module by: the row's own `id` when it has one, else
 * its position. Reviewer and applicant compute it the same way from the same data.
 */
export function rowIdOf(row: object, index: number): string {
	const id = (row as { id?: unknown }).id;
	return typeof id === 'string' && id.trim() ? id : String(index);
}
