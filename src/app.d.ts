import type { Session } from '$server/auth/session';
import type { SessionUser } from '$server/auth/users';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
		}
		/** What a page says on arrival after another page's action (取消申请 → 个人中心). */
		interface PageState {
			notice?: 'cancelled';
		}
		interface Error {
			message: string;
			/** Internal errors: the id their detail is logged under. */
			requestId?: string;
		}
	}
}

export {};
