import type { Handle, RequestEvent } from '@sveltejs/kit';
import { config } from '../config';
import { isDatabaseUnavailable, OUTAGE_MESSAGE } from '../db/outage';

const TRPC_PATH = /^\/api\/trpc\/([^/]+)$/;

export function retryAfterSeconds(): string {
	return String(Math.ceil(config.db.retryAfterS));
}

const PAGE = `<!doctype html>
<html lang="zh-CN">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>服务暂时不可用 · Service briefly unavailable</title>
<h1>服务暂时不可用</h1>
<p>数据库暂时无法访问，服务将很快恢复。已填写的内容保存在本设备上，请稍后刷新页面。</p>
<h1 lang="en">Service briefly unavailable</h1>
<p lang="en">The database is briefly unavailable and the service will be back shortly. What you
entered is kept on this device; reload the page in a few seconds.</p>
</html>
`;

/** tRPC's error envelope, so the client reads a 503 and its message like any procedure error. */
function trpcError() {
	return {
		error: {
			message: OUTAGE_MESSAGE,
			code: -32603,
			data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 }
		}
	};
}

/**
 * The 503 for a request the database could not serve: tRPC's envelope (one per call of a batch)
 * on /api/trpc, a page in both languages for a browser navigation, else `{ message }`.
 */
export function unavailableResponse(url: URL, request: Request): Response {
	const headers = new Headers({ 'retry-after': retryAfterSeconds(), 'cache-control': 'no-store' });
	const trpc = TRPC_PATH.exec(url.pathname);
	if (trpc) {
		const calls = trpc[1]!.split(',').length;
		const body =
			url.searchParams.get('batch') === '1'
				? Array.from({ length: calls }, trpcError)
				: trpcError();
		return Response.json(body, { status: 503, headers });
	}
	const navigation =
		request.method === 'GET' &&
		!url.pathname.endsWith('/__data.json') &&
		(request.headers.get('accept') ?? '').includes('text/html');
	if (navigation) {
		headers.set('content-type', 'text/html; charset=utf-8');
		return new Response(PAGE, { status: 503, headers });
	}
	return Response.json({ message: OUTAGE_MESSAGE }, { status: 503, headers });
}

/** Requests whose load or endpoint failed because the database was unavailable. */
const hitOutage = new WeakSet<RequestEvent>();

/** For handleError: an outage's message (and the request marked for `outage`), else null. */
export function outageError(error: unknown, event: RequestEvent): App.Error | null {
	if (!isDatabaseUnavailable(error)) return null;
	hitOutage.add(event);
	return { message: OUTAGE_MESSAGE };
}

/** A database outage answers 503 + Retry-After in both languages, never a 500 with its text. */
export const outage: Handle = async ({ event, resolve }) => {
	let response: Response;
	try {
		response = await resolve(event);
	} catch (error) {
		if (!isDatabaseUnavailable(error)) throw error;
		return unavailableResponse(event.url, event.request);
	}
	if (hitOutage.has(event) && response.status >= 500) {
		return unavailableResponse(event.url, event.request);
	}
	if (response.status === 503 && !response.headers.has('retry-after')) {
		response.headers.set('retry-after', retryAfterSeconds());
	}
	return response;
};
