import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { RequestHandler } from './$types';
import { createContext } from '$server/trpc/context';
import { appRouter } from '$server/trpc/routers/_app';

const handler: RequestHandler = (event) =>
	fetchRequestHandler({
		endpoint: '/api/trpc',
		req: event.request,
		router: appRouter,
		// Internal errors are logged with their request id by the error formatter (trpc.ts).
		createContext: () => createContext(event)
	});

export const GET = handler;
export const POST = handler;
