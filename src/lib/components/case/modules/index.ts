import type { Component } from 'svelte';
import type { ModuleKey } from '$lib/domain/modules/catalog';
import type { ModuleEditorProps } from './contract';

type EditorModule = Promise<{ default: Component<ModuleEditorProps> }>;

const rows = (): EditorModule => import('./RowsModule.svelte');
const materials = (): EditorModule => import('./CertificateMaterialsModule.svelte');

/**
 * Module key → its editor (every editor takes `ModuleEditorProps`), loaded when the module is
 * opened: the editor's first screen (the module list) never waits for the forms, the photo and
 * PDF code. A key without a line here shows its title and 「此模块稍后开放填写」. One line per key.
 */
export const MODULE_EDITORS: Partial<Record<ModuleKey, () => EditorModule>> = {
	basic_info: () => import('./BasicInfoModule.svelte'),
	declaration_info: () => import('./DeclarationInfoModule.svelte'),
	work_summary: () => import('../WorkSummaryModule.svelte'),
	education: () => import('./EducationModule.svelte'),
	work_history: rows,
	achievements: rows,
	publications: rows,
	awards: rows,
	continuing_education: rows,
	annual_review: rows,
	unit_proof: () => import('./UnitProofModule.svelte'),
	other_materials: () => import('./OtherMaterialsModule.svelte'),
	historical_certificate: () => import('./HistoricalCertificateModule.svelte'),
	historical_materials: materials,
	reissue_request: () => import('./ReissueRequestModule.svelte'),
	reissue_materials: materials
};
