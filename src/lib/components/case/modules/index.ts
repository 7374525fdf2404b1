import type { Component } from 'svelte';
import type { ModuleKey } from '$lib/domain/modules/catalog';
import type { ModuleEditorProps } from './contract';
import BasicInfoModule from './BasicInfoModule.svelte';
import DeclarationInfoModule from './DeclarationInfoModule.svelte';
import WorkSummaryModule from '../WorkSummaryModule.svelte';
import EducationModule from './EducationModule.svelte';
import RowsModule from './RowsModule.svelte';
import UnitProofModule from './UnitProofModule.svelte';
import OtherMaterialsModule from './OtherMaterialsModule.svelte';

/**
 * Module key → its editor (every editor takes `ModuleEditorProps`). A key without a line here
 * shows its title and 「此模块稍后开放填写」. One line per key.
 */
export const MODULE_EDITORS: Partial<Record<ModuleKey, Component<ModuleEditorProps>>> = {
	basic_info: BasicInfoModule,
	declaration_info: DeclarationInfoModule,
	work_summary: WorkSummaryModule,
	education: EducationModule,
	work_history: RowsModule,
	achievements: RowsModule,
	publications: RowsModule,
	awards: RowsModule,
	continuing_education: RowsModule,
	annual_review: RowsModule,
	unit_proof: UnitProofModule,
	other_materials: OtherMaterialsModule
};
