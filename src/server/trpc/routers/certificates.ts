import * as z from 'zod/mini';
import { CERTIFICATE_STATUSES } from '$lib/domain/certificates';
import { clientAddress } from '../../auth/client-address';
import { certificatesForHolder } from '../../services/certificates/queries';
import { verifyCertificate } from '../../services/certificates/verify';
import { applicantProcedure, publicProcedure, router } from '../trpc';
import type { Context } from '../context';

const mineInput = z.optional(
	z.object({
		certNo: z.optional(z.string().check(z.maxLength(40))),
		year: z.optional(z.int().check(z.gte(1950), z.lte(2100))),
		status: z.optional(z.enum(CERTIFICATE_STATUSES))
	})
);

const verifyInput = z.union([
	z.object({
		name: z.string().check(z.minLength(1), z.maxLength(50)),
		certNo: z.string().check(z.minLength(1), z.maxLength(40))
	}),
	z.object({ token: z.string().check(z.minLength(1), z.maxLength(80)) })
]);

function addressOf(ctx: Context): string {
	const event = ctx.event;
	return event ? clientAddress(event.request, () => event.getClientAddress()) : 'local';
}

/** 职称证书: one's own (查询, 在线领取) and the public 职称证书查询. */
export const certificatesRouter = router({
	/** The signed-in applicant's own certificates only, whatever the conditions. */
	mine: applicantProcedure
		.input(mineInput)
		.query(({ ctx, input }) => certificatesForHolder(ctx.sql, ctx.user.id, input ?? {})),

	/** Anyone: masked data, rate limited per client address, one answer for wrong name and none. */
	verify: publicProcedure
		.input(verifyInput)
		.query(({ ctx, input }) => verifyCertificate(ctx.sql, input, addressOf(ctx)))
});
