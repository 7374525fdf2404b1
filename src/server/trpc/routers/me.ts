import { getApplicantProfile } from '../../services/profile';
import { getDeclarantProfile, listInitialRules } from '../../services/declarant';
import * as z from 'zod/mini';
import { readNotices } from '../../services/cases/notices';
import { subscribe, unsubscribe, vapidKeys } from '../../services/notify/push';
import { applicantProcedure, fail, router } from '../trpc';

const noticeIds = z.object({ ids: z.array(z.uuid()).check(z.maxLength(200)) });
const base64url = z.string().check(z.regex(/^[A-Za-z0-9_-]{16,200}={0,2}$/));
const pushSubscription = z.object({
	endpoint: z.url({ protocol: /^https$/ }).check(z.maxLength(1000)),
	keys: z.object({ p256dh: base64url, auth: base64url })
});

export const meRouter = router({
	/** The signed-in applicant's own profile, with ID number and mobile masked. */
	profile: applicantProcedure.query(async ({ ctx }) => {
		const profile = await getApplicantProfile(ctx.sql, ctx.user.id);
		if (!profile) fail('NOT_FOUND', 'forbidden', ctx);
		return profile;
	}),

	/** The greyed, system-filled fields of 个人基本信息 (cached on the device for offline forms). */
	declarant: applicantProcedure.query(async ({ ctx }) => {
		const profile = await getDeclarantProfile(ctx.sql, ctx.user.id);
		if (!profile) fail('NOT_FOUND', 'forbidden', ctx);
		return profile;
	}),
	/** 职称初定 rules (education × years → level), for the 初定 form's eligibility advice. */
	initialRules: applicantProcedure.query(({ ctx }) => listInitialRules(ctx.sql)),

	/** Marks the caller's own notices read (others' ids change nothing). */
	readNotices: applicantProcedure.input(noticeIds).mutation(async ({ ctx, input }) => ({
		count: await readNotices(ctx.sql, ctx.user.id, input.ids)
	})),

	/** Web Push (optional): the server's public key, and this browser's subscription. */
	pushKey: applicantProcedure.query(async ({ ctx }) => ({
		publicKey: (await vapidKeys(ctx.sql)).publicKey
	})),
	pushSubscribe: applicantProcedure.input(pushSubscription).mutation(async ({ ctx, input }) => {
		await subscribe(ctx.sql, ctx.user.id, input);
		return { subscribed: true };
	}),
	pushUnsubscribe: applicantProcedure
		.input(z.object({ endpoint: z.string().check(z.maxLength(1000)) }))
		.mutation(async ({ ctx, input }) => {
			await unsubscribe(ctx.sql, ctx.user.id, input.endpoint);
			return { subscribed: false };
		})
});
