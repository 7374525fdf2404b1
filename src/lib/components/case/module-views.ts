import type { Component } from 'svelte';
import { MODULE_KEYS, MODULES, type ModuleKey } from '$lib/domain/modules/catalog';
import BasicInfoView from './views/BasicInfoView.svelte';
import DeclarationInfoView from './views/DeclarationInfoView.svelte';
import EducationView from './views/EducationView.svelte';
import OtherMaterialsView from './views/OtherMaterialsView.svelte';
import RowsView from './views/RowsView.svelte';
import UnitProofView from './views/UnitProofView.svelte';
import WorkSummaryView from './views/WorkSummaryView.svelte';
import CertificateFieldsView from './views/CertificateFieldsView.svelte';
import CertificateMaterialsView from './views/CertificateMaterialsView.svelte';
import type { ModuleViewProps } from './views/view-props';

export type { ModuleViewProps } from './views/view-props';
export type { ViewAttachment } from './fields/shown-file';

/**
 * Module key → the read-only body of its view (ModuleView.svelte adds the title). Built from the
 * editors' own field, row and file components; no device store. One line per key.
 */
export const MODULE_VIEWS: Record<ModuleKey, Component<ModuleViewProps>> = {
	basic_info: BasicInfoView,
	declaration_info: DeclarationInfoView,
	education: EducationView,
	work_history: RowsView,
	achievements: RowsView,
	publications: RowsView,
	awards: RowsView,
	continuing_education: RowsView,
	annual_review: RowsView,
	work_summary: WorkSummaryView,
	unit_proof: UnitProofView,
	other_materials: OtherMaterialsView,
	historical_certificate: CertificateFieldsView,
	historical_materials: CertificateMaterialsView,
	reissue_request: CertificateFieldsView,
	reissue_materials: CertificateMaterialsView
};

/** The modules of a case's data that have something in them, in the catalog's order. */
export function filledModules(modules: Record<string, unknown>): ModuleKey[] {
	return MODULE_KEYS.filter((key) => key in modules && !MODULES[key].isEmpty(modules[key]));
}
