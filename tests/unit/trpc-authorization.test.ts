import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter, createCaller } from '../../src/server/trpc/routers/_app';
import { seedDemoAccounts } from '../../src/server/seed/demo';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { anonymousContext, contextFor, userIdBy } from '../helpers/context';

/**
 * Every procedure a visitor may call without signing in. A new procedure that is neither here
 * nor behind an auth-checking builder fails this file.
 */
const PUBLIC_PROCEDURES = new Set([
	'auth.session',
	'auth.register',
	'auth.login',
	'auth.sendCode',
	'auth.resetPassword',
	'reference.regions',
	'reference.series',
	'reference.unitNatures',
	'reference.departments',
	'reference.searchUnits',
	'reference.acceptingDepartments',
	'reference.committees',
	'reference.consultationPhones',
	'reference.moduleSet',
	'reference.bundle',
	'certificates.verify'
]);

/** Procedures that need a role (not just a session), with the role they need. */
const ROLE_OF: Record<string, 'applicant' | 'reviewer' | 'admin' | 'user'> = {
	'auth.logout': 'user',
	'auth.logoutEverywhere': 'user',
	'auth.changePassword': 'user',
	'me.profile': 'applicant',
	'me.declarant': 'applicant',
	'me.initialRules': 'applicant',
	'me.readNotices': 'applicant',
	'me.pushKey': 'applicant',
	'me.pushSubscribe': 'applicant',
	'me.pushUnsubscribe': 'applicant',
	'review.scopes': 'reviewer',
	'review.counts': 'reviewer',
	'review.filters': 'reviewer',
	'review.queue': 'reviewer',
	'review.case': 'reviewer',
	'review.claim': 'reviewer',
	'review.release': 'reviewer',
	'review.act': 'reviewer',
	'review.batchPass': 'reviewer',
	'admin.overview': 'admin',
	'admin.stats': 'admin',
	'admin.referenceList': 'admin',
	'admin.saveCommittee': 'admin',
	'admin.saveAcceptingDepartment': 'admin',
	'admin.saveDeclarationPoint': 'admin',
	'admin.saveConsultationPhone': 'admin',
	'admin.savePeriod': 'admin',
	'admin.deleteRecord': 'admin',
	'admin.setRetired': 'admin',
	'admin.staff': 'admin',
	'admin.createReviewer': 'admin',
	'admin.setScopes': 'admin',
	'admin.setDisabled': 'admin',
	'admin.resetPassword': 'admin',
	'admin.audit': 'admin',
	'admin.auditActions': 'admin',
	'admin.exportSources': 'admin',
	'admin.moduleSetOwners': 'admin',
	'admin.moduleSetVersions': 'admin',
	'admin.saveModuleSet': 'admin',
	'sync.push': 'applicant',
	'sync.pull': 'applicant',
	'education.lookup': 'applicant',
	'certificates.mine': 'applicant'
};

const LOGIN_FOR_ROLE = { applicant: '13800000001', reviewer: 'dept01', admin: 'admin' } as const;

let db: TestDatabase;
beforeAll(async () => {
	db = await openTestDatabase();
	await seedDemoAccounts(db.sql);
});
afterAll(() => db.close());

const paths = Object.keys(appRouter._def.procedures).sort();

type Caller = ReturnType<typeof createCaller>;
function call(caller: Caller, path: string): Promise<unknown> {
	const fn = path
		.split('.')
		.reduce<unknown>((obj, key) => (obj as Record<string, unknown>)[key], caller);
	return (fn as (input?: unknown) => Promise<unknown>)(undefined);
}

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
	try {
		await promise;
		return null;
	} catch (error) {
		return error instanceof TRPCError ? error.code : 'NOT_TRPC';
	}
}

describe('authorization inside every tRPC procedure', () => {
	it('lists every procedure either as public or with the role it needs', () => {
		expect(paths.length).toBeGreaterThan(0);
		for (const path of paths) {
			expect(PUBLIC_PROCEDURES.has(path) || path in ROLE_OF, `${path} is unclassified`).toBe(true);
		}
	});

	it.each(paths.filter((p) => !PUBLIC_PROCEDURES.has(p)))(
		'%s refuses an anonymous caller before reading its input',
		async (path) => {
			expect(await codeOf(call(createCaller(anonymousContext(db.sql)), path))).toBe('UNAUTHORIZED');
		}
	);

	it.each(Object.entries(ROLE_OF).filter(([, role]) => role !== 'user'))(
		'%s refuses signed-in people without the %s role',
		async (path, role) => {
			for (const [other, login] of Object.entries(LOGIN_FOR_ROLE)) {
				if (other === role) continue;
				const caller = createCaller(await contextFor(db.sql, await userIdBy(db.sql, login)));
				expect(await codeOf(call(caller, path)), `${login} → ${path}`).toBe('FORBIDDEN');
			}
		}
	);

	it('lets each role reach its own procedures', async () => {
		const applicant = createCaller(await contextFor(db.sql, await userIdBy(db.sql, '13800000001')));
		expect((await applicant.me.profile()).idNumberMasked).toBe('320102********0025');
		const reviewer = createCaller(await contextFor(db.sql, await userIdBy(db.sql, 'dept01')));
		expect(await reviewer.review.scopes()).toEqual([
			expect.objectContaining({ type: 'department', id: 'dept-nj-gxj' })
		]);
		const admin = createCaller(await contextFor(db.sql, await userIdBy(db.sql, 'admin')));
		expect((await admin.admin.overview()).users).toBe(8);
	});
});
