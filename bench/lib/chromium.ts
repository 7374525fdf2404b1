/** Debian's Chromium, installed by apt (see .ci/run); Playwright's own download is not used. */
export const CHROMIUM_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

/**
 * Flags for Chromium as root on a machine without outside network. Without the
 * background-networking flags Chromium keeps trying to reach Google's hosts.
 */
export const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];
