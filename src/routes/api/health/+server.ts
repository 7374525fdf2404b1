import { json } from '@sveltejs/kit';

/** Reachability probe for the sync engine: answers without touching the database. */
export const GET = () => json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
