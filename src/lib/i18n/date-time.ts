import { getLocale } from '$lib/paraglide/runtime.js';

const FORMAT: Intl.DateTimeFormatOptions = {
	year: 'numeric',
	month: 'numeric',
	day: 'numeric',
	hour: '2-digit',
	minute: '2-digit'
};

/** A moment as the person reads it (2026/11/20 16:05), in the page's language and the device's zone. */
export function dateTime(iso: string): string {
	return new Date(iso).toLocaleString(getLocale(), FORMAT);
}
