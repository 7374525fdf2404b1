import { trpc } from '$lib/trpc/client';

/** Web Push is optional: only where the browser has it and the person has not refused it. */
export function pushSupported(): boolean {
	return (
		typeof window !== 'undefined' &&
		'serviceWorker' in navigator &&
		'PushManager' in window &&
		'Notification' in window
	);
}

async function registration(): Promise<ServiceWorkerRegistration> {
	return navigator.serviceWorker.ready;
}

export async function currentPushSubscription(): Promise<PushSubscription | null> {
	if (!pushSupported()) return null;
	return (await registration()).pushManager.getSubscription();
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
	const padded = base64url.replace(/-/g, '+').replace(/_/g, '/');
	const raw = atob(padded + '='.repeat((4 - (padded.length % 4)) % 4));
	const out = new Uint8Array(new ArrayBuffer(raw.length));
	for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
	return out;
}

/** Asks the browser for a subscription to this server's key and gives it to the server. */
export async function enablePush(): Promise<void> {
	const { publicKey } = await trpc().me.pushKey.query();
	const sub = await (
		await registration()
	).pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
	const json = sub.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
	await trpc().me.pushSubscribe.mutate({ endpoint: json.endpoint, keys: json.keys });
}

export async function disablePush(): Promise<void> {
	const sub = await currentPushSubscription();
	if (!sub) return;
	await trpc().me.pushUnsubscribe.mutate({ endpoint: sub.endpoint });
	await sub.unsubscribe();
}
