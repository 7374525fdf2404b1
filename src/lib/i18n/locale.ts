import { baseLocale, isLocale, type Locale } from '$lib/paraglide/runtime.js';

export type { Locale };

export function localeOf(value: string | undefined | null): Locale {
	return value && isLocale(value) ? value : baseLocale;
}
