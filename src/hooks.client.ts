import { getLocale, overwriteGetLocale } from '$lib/paraglide/runtime';

// The locale changes only through setLocale, which reloads the page. Without this every
// message resolves it again from the cookie and the URL: on each keystroke, in a live counter.
const locale = getLocale();
overwriteGetLocale(() => locale);
