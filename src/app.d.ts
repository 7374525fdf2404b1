import type { Session } from '$server/auth/session';
import type { SessionUser } from '$server/auth/users';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
		}
		interface Error {
			message: string;
			/** Internal errors: the id their detail is logged under. */
			requestId?: string;
		}
	}
}

export {};
