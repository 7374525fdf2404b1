import type { ModuleKey } from '$lib/domain/modules/catalog';
import type { CaseKind } from '$lib/domain/sync';
import type { ReferenceBundle } from '$lib/domain/reference-bundle';
import type { ViewAttachment } from '../fields/shown-file';

/** What a module's read-only view takes: plain data, no device store. */
export interface ModuleViewProps {
	module: ModuleKey;
	kind: CaseKind;
	/** The module's data as the applicant filled it. */
	data: Record<string, unknown>;
	/** The case's files (those of other modules are ignored). */
	attachments: ViewAttachment[];
	/** Where a file opens, e.g. its download URL. */
	fileHref: (attachmentId: string) => string;
	/** With it, ids of regions, departments, committees… are shown by name. */
	reference?: ReferenceBundle | null;
}
