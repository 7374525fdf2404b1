// Precached by the service worker and shown for pages that were never opened online.
export const prerender = true;
