import * as z from 'zod/mini';
import {
	acceptingDepartmentInput,
	auditFilter,
	committeeInput,
	consultationPhoneInput,
	createReviewerInput,
	declarationPointInput,
	listInput,
	periodInput,
	recordRef,
	setScopesInput,
	userRef
} from '$lib/domain/admin/schemas';
import { moduleSetInput, moduleSetOwnerInput } from '$lib/domain/admin/module-set-input';
import { SET_KINDS } from '$lib/domain/modules/module-set';
import { adminProcedure, router } from '../trpc';
import { auditActions, auditPage } from '../../services/admin/audit-log';
import { exportSources } from '../../services/admin/export-sources';
import {
	deleteReference,
	listReference,
	saveAcceptingDepartment,
	saveCommittee,
	saveConsultationPhone,
	saveDeclarationPoint,
	savePeriod,
	setRetired
} from '../../services/admin/reference-data';
import {
	createReviewer,
	listStaff,
	resetStaffPassword,
	setDisabled,
	setScopes
} from '../../services/admin/reviewers';
import { adminStats } from '../../services/admin/stats';
import {
	moduleSetOwners,
	moduleSetVersions,
	saveModuleSet
} from '../../services/admin/module-sets';

function actorOf(ctx: { user: { id: string }; locale: 'zh-CN' | 'en' }) {
	return { userId: ctx.user.id, locale: ctx.locale };
}

/** 系统管理: every procedure is the administrator's only (adminProcedure checks the role). */
export const adminRouter = router({
	/** Row counts of the reference data an administrator maintains. */
	overview: adminProcedure.query(async ({ ctx }) => {
		const [row] = await ctx.sql<
			{ users: number; workUnits: number; committees: number; openPeriods: number }[]
		>`
			select
				(select count(*)::int from users) as users,
				(select count(*)::int from work_units) as work_units,
				(select count(*)::int from committees) as committees,
				(select count(*)::int from declaration_periods
					where now() between starts_at and ends_at) as open_periods`;
		return row!;
	}),

	stats: adminProcedure
		.input(z.optional(z.object({ year: z.optional(z.int().check(z.gte(2000), z.lte(2100))) })))
		.query(({ ctx, input }) => adminStats(ctx.sql, input?.year)),

	referenceList: adminProcedure
		.input(listInput)
		.query(({ ctx, input }) => listReference(ctx.sql, input)),

	saveCommittee: adminProcedure
		.input(committeeInput)
		.mutation(({ ctx, input }) => saveCommittee(ctx.sql, actorOf(ctx), input)),

	saveAcceptingDepartment: adminProcedure
		.input(acceptingDepartmentInput)
		.mutation(({ ctx, input }) => saveAcceptingDepartment(ctx.sql, actorOf(ctx), input)),

	saveDeclarationPoint: adminProcedure
		.input(declarationPointInput)
		.mutation(({ ctx, input }) => saveDeclarationPoint(ctx.sql, actorOf(ctx), input)),

	saveConsultationPhone: adminProcedure
		.input(consultationPhoneInput)
		.mutation(({ ctx, input }) => saveConsultationPhone(ctx.sql, actorOf(ctx), input)),

	savePeriod: adminProcedure
		.input(periodInput)
		.mutation(({ ctx, input }) => savePeriod(ctx.sql, actorOf(ctx), input)),

	deleteRecord: adminProcedure
		.input(recordRef)
		.mutation(({ ctx, input }) => deleteReference(ctx.sql, actorOf(ctx), input)),

	setRetired: adminProcedure
		.input(z.extend(recordRef, { retired: z.boolean() }))
		.mutation(({ ctx, input }) => setRetired(ctx.sql, actorOf(ctx), input, input.retired)),

	staff: adminProcedure
		.input(z.optional(z.object({ search: z.optional(z.string().check(z.maxLength(40))) })))
		.query(({ ctx, input }) => listStaff(ctx.sql, input?.search?.trim() || undefined)),

	/** Creates a reviewer; the one-time password is in this answer only. */
	createReviewer: adminProcedure
		.input(createReviewerInput)
		.mutation(({ ctx, input }) => createReviewer(ctx.sql, actorOf(ctx), input)),

	setScopes: adminProcedure
		.input(setScopesInput)
		.mutation(({ ctx, input }) => setScopes(ctx.sql, actorOf(ctx), input)),

	setDisabled: adminProcedure
		.input(z.extend(userRef, { disabled: z.boolean() }))
		.mutation(({ ctx, input }) => setDisabled(ctx.sql, actorOf(ctx), input.userId, input.disabled)),

	/** A new one-time password, in this answer only. */
	resetPassword: adminProcedure
		.input(userRef)
		.mutation(({ ctx, input }) => resetStaffPassword(ctx.sql, actorOf(ctx), input.userId)),

	audit: adminProcedure.input(auditFilter).query(({ ctx, input }) => auditPage(ctx.sql, input)),

	auditActions: adminProcedure.query(({ ctx }) => auditActions(ctx.sql)),

	exportSources: adminProcedure.query(({ ctx }) => exportSources(ctx.sql)),

	/** 评委会 (评审) or 报送受理部门 (初定): who may own a module set of the kind. */
	moduleSetOwners: adminProcedure
		.input(z.object({ kind: z.enum(SET_KINDS) }))
		.query(({ ctx, input }) => moduleSetOwners(ctx.sql, input.kind)),

	moduleSetVersions: adminProcedure
		.input(moduleSetOwnerInput)
		.query(({ ctx, input }) => moduleSetVersions(ctx.sql, input)),

	/** A new version of an owner's module set (never a change to an old one). */
	saveModuleSet: adminProcedure
		.input(moduleSetInput)
		.mutation(({ ctx, input }) => saveModuleSet(ctx.sql, actorOf(ctx), input))
});
