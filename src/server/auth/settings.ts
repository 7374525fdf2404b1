/** Authentication and abuse-limit settings, read from the environment once. */

function positive(value: string | undefined, fallback: number): number {
	const n = Number(value);
	return value && Number.isFinite(n) && n > 0 ? n : fallback;
}

const HOUR = 3600;
const DAY = 24 * HOUR;

export const authSettings = {
	/** Absolute session lifetimes, whatever the activity: SESSION_APPLICANT_DAYS, SESSION_STAFF_HOURS. */
	applicantLifetimeSeconds: positive(process.env.SESSION_APPLICANT_DAYS, 90) * DAY,
	staffLifetimeSeconds: positive(process.env.SESSION_STAFF_HOURS, 12) * HOUR,
	/**
	 * The client address behind trusted reverse proxies, with adapter-node's own names so one
	 * setting configures both: ADDRESS_HEADER (e.g. `x-forwarded-for`) and XFF_DEPTH (how many
	 * proxies append to it; the address that many entries from the end is the client's).
	 */
	addressHeader: (process.env.ADDRESS_HEADER ?? '').trim().toLowerCase() || null,
	xffDepth: Math.floor(positive(process.env.XFF_DEPTH, 1)),
	/** tRPC mutations and tus creations per signed-in person per minute: USER_ACTIONS_PER_MINUTE. */
	userActionsPerMinute: Math.floor(positive(process.env.USER_ACTIONS_PER_MINUTE, 600))
};
