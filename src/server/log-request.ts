import { randomUUID } from 'node:crypto';
import type { Handle } from '@sveltejs/kit';
import type { Logger } from 'pino';
import { log } from './log';

/** A proxy's id is kept when it looks like one (nginx's $request_id, a UUID); else one is made. */
const GIVEN_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function requestIdFor(request: Request): string {
	const given = request.headers.get('x-request-id');
	return given && GIVEN_ID.test(given) ? given : randomUUID();
}

/**
 * One log line per request: its id (also answered as `x-request-id`), method, route (the route's
 * pattern, e.g. `/files/[...path]`: never the path itself, whose ids and query may be anyone's),
 * status, duration and the signed-in user's id. A request that throws is logged as 500.
 */
export function requestLogger(logger: Logger): Handle {
	return async ({ event, resolve }) => {
		const t0 = performance.now();
		const requestId = requestIdFor(event.request);
		const line = () => ({
			requestId,
			method: event.request.method,
			route: event.route.id ?? null,
			userId: event.locals.user?.id ?? null,
			ms: Math.round((performance.now() - t0) * 10) / 10
		});
		let response: Response;
		try {
			response = await resolve(event);
		} catch (error) {
			logger.error({ ...line(), status: 500 }, 'request failed');
			throw error;
		}
		const status = response.status;
		logger[status >= 500 ? 'error' : 'info']({ ...line(), status }, 'request');
		try {
			response.headers.set('x-request-id', requestId);
		} catch {
			// immutable headers (a fetched response passed through): the id is in the log only
		}
		return response;
	};
}

export const logRequests: Handle = requestLogger(log);
