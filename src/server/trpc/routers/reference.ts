import * as z from 'zod/mini';
import { LEVEL_CODES } from '$lib/domain/modules/catalog';
import { OWNER_TYPES, SET_KINDS } from '$lib/domain/modules/module-set';
import {
	findModuleSet,
	listAcceptingDepartments,
	listCommittees,
	listConsultationPhones,
	listDepartments,
	listRegions,
	listSeries,
	listUnitNatures,
	referenceBundle,
	searchUnits
} from '../../services/reference';
import { publicProcedure, router } from '../trpc';

// Reference data is public (a visitor reads 评委会信息查询 and 咨询电话 before signing in); none of
// these tables holds personal data.
const code = z.string().check(z.trim(), z.minLength(1), z.maxLength(40));
const level = z.enum(LEVEL_CODES);

export const referenceRouter = router({
	/** Every region, for the 省 → 市 → 本级/区县 cascade. */
	regions: publicProcedure.query(({ ctx }) => listRegions(ctx.sql)),

	/** Title series with the title name of each level and their 专业. */
	series: publicProcedure.query(({ ctx }) => listSeries(ctx.sql)),

	unitNatures: publicProcedure.query(({ ctx }) => listUnitNatures(ctx.sql)),

	/** 行政主管部门 serving a region (its own, its 设区市's, 省本级's, and 无). */
	departments: publicProcedure
		.input(z.optional(z.object({ regionCode: z.optional(code) })))
		.query(({ ctx, input }) => listDepartments(ctx.sql, input?.regionCode)),

	/** 工作单位 search: name contains (at least 2 characters), at most 20 rows. */
	searchUnits: publicProcedure
		.input(
			z.object({
				name: z
					.string({ error: 'search_too_short' })
					.check(z.trim(), z.minLength(2, { error: 'search_too_short' }), z.maxLength(100))
			})
		)
		.query(({ ctx, input }) => searchUnits(ctx.sql, input.name)),

	/** 报送受理部门 (初定) for a region, series and level, each with whether its 申报期 is open. */
	acceptingDepartments: publicProcedure
		.input(z.object({ regionCode: code, seriesId: z.optional(code), level: z.optional(level) }))
		.query(({ ctx, input }) => listAcceptingDepartments(ctx.sql, input)),

	/** 评委会信息查询, and 申报评委会 (openOnly): none → 「未查到相关的评委会」. */
	committees: publicProcedure
		.input(
			z.optional(
				z.object({
					regionCode: z.optional(code),
					seriesId: z.optional(code),
					level: z.optional(level),
					specialty: z.optional(z.string().check(z.trim(), z.maxLength(40))),
					openOnly: z.optional(z.boolean())
				})
			)
		)
		.query(({ ctx, input }) => listCommittees(ctx.sql, input ?? {})),

	/** 业务和政策咨询电话. */
	consultationPhones: publicProcedure.query(({ ctx }) => listConsultationPhones(ctx.sql)),

	/** The newest version of an owner's module set for a year (null: none configured). */
	moduleSet: publicProcedure
		.input(
			z.object({
				kind: z.enum(SET_KINDS),
				ownerType: z.enum(OWNER_TYPES),
				ownerId: code,
				year: z.int().check(z.minimum(2000), z.maximum(2100))
			})
		)
		.query(({ ctx, input }) => findModuleSet(ctx.sql, input)),

	/** Everything the forms need offline, with a content `version` for the device's cache. */
	bundle: publicProcedure.query(({ ctx }) => referenceBundle(ctx.sql))
});
