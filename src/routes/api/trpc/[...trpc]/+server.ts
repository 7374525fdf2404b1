import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { RequestHandler } from './$types';
import { createContext } from '$server/trpc/context';
import { appRouter } from '$server/trpc/routers/_app';

const handler: RequestHandler = (event) =>
	fetchRequestHandler({
		endpoint: '/api/trpc',
		req: event.request,
		router: appRouter,
		createContext: () => createContext(event),
		onError({ error, path }) {
			if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path}:`, error);
		}
	});

export const GET = handler;
export const POST = handler;
