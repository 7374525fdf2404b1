import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';

/**
 * Times on the dashboard are China time whatever the device's zone: the queue's date filters
 * are China dates (the server reads them so), and a claim's 「至 10:35」 must match the clock
 * of the colleague who holds it.
 */
const ZONE = 'Asia/Shanghai';

export function dateTime(iso: string): string {
	return new Date(iso).toLocaleString(getLocale(), {
		timeZone: ZONE,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		hour12: false
	});
}

/** HH:MM */
export function clock(iso: string): string {
	return new Date(iso).toLocaleTimeString('en-GB', {
		timeZone: ZONE,
		hour: '2-digit',
		minute: '2-digit',
		hour12: false
	});
}

/** How long since `iso`: 「3 天 2 小时」, 「5 小时 10 分」, 「12 分钟」. */
export function waited(iso: string, now: number): string {
	const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
	const days = Math.floor(minutes / 1440);
	const hours = Math.floor((minutes % 1440) / 60);
	if (days > 0) return m.rd_duration_days({ days, hours });
	if (hours > 0) return m.rd_duration_hours({ hours, minutes: minutes % 60 });
	return m.rd_duration_minutes({ minutes });
}
