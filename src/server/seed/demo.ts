import type { Sql } from '../db/client';
import { hashPassword } from '../auth/password';
import type { ScopeType } from '$lib/domain/roles';
import { seedDemoCases } from './demo-cases';

export const DEMO_PASSWORD = 'Zhicheng#2026';

interface DemoApplicant {
	name: string;
	idNumber: string;
	mobile: string;
	workUnitId: string;
}

interface DemoStaff {
	account: string;
	name: string;
	role: 'reviewer' | 'admin';
	scopes?: { type: ScopeType; id: string }[];
}

export const DEMO_APPLICANTS: DemoApplicant[] = [
	{ name: '王芳', idNumber: '320102199003070025', mobile: '13800000001', workUnitId: 'wu-nj-001' },
	{ name: '李强', idNumber: '320506198808151239', mobile: '13800000002', workUnitId: 'wu-sz-001' }
];

export const DEMO_STAFF: DemoStaff[] = [
	{
		account: 'unit01',
		name: '南京智造科技 人事审核',
		role: 'reviewer',
		scopes: [{ type: 'unit', id: 'wu-nj-001' }]
	},
	{
		account: 'dept01',
		name: '南京市工信局 职称审核',
		role: 'reviewer',
		scopes: [{ type: 'department', id: 'dept-nj-gxj' }]
	},
	{
		account: 'hr01',
		name: '南京市人社局 职称受理',
		role: 'reviewer',
		scopes: [
			{ type: 'hr', id: 'dp-nj' },
			{ type: 'accepting', id: 'ad-nj' }
		]
	},
	{
		account: 'committee01',
		name: '南京市工程中级评委会 办公室',
		role: 'reviewer',
		scopes: [{ type: 'committee', id: 'cmt-nj-eng-c' }]
	},
	{
		account: 'unit02',
		name: '昆山精工机械 人事审核',
		role: 'reviewer',
		scopes: [{ type: 'unit', id: 'wu-sz-001' }]
	},
	{ account: 'admin', name: '系统管理员', role: 'admin' }
];

/**
 * Creates the demo accounts when the database has no users yet; returns whether it did. With
 * `cases`, also the demo cases at every review level (`npm start` on an empty database).
 */
export async function seedDemoAccounts(
	sql: Sql,
	{ cases = false }: { cases?: boolean } = {}
): Promise<boolean> {
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	const created = await sql.begin(async (tx) => {
		await tx`lock table users in exclusive mode`;
		const [row] = await tx<{ count: number }[]>`select count(*)::int as count from users`;
		if (row!.count > 0) return false;
		for (const a of DEMO_APPLICANTS) {
			const [user] = await tx<{ id: string }[]>`
				insert into users (kind, name, id_number, mobile, password_hash, work_unit_id, identity_verified_at)
				values ('applicant', ${a.name}, ${a.idNumber}, ${a.mobile}, ${passwordHash}, ${a.workUnitId}, now())
				returning id`;
			await tx`insert into user_roles (user_id, role) values (${user!.id}, 'applicant')`;
		}
		for (const s of DEMO_STAFF) {
			const [user] = await tx<{ id: string }[]>`
				insert into users (kind, name, account, password_hash)
				values ('staff', ${s.name}, ${s.account}, ${passwordHash})
				returning id`;
			for (const scope of s.scopes ?? [null]) {
				await tx`insert into user_roles (user_id, role, scope_type, scope_id)
					values (${user!.id}, ${s.role}, ${scope?.type ?? null}, ${scope?.id ?? null})`;
			}
		}
		return true;
	});
	if (created && cases) await seedDemoCases(sql, passwordHash);
	return created;
}
