import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4173);
export const BASE_URL = `http://localhost:${PORT}`;
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];
const build = process.env.E2E_SKIP_BUILD === '1' ? '' : 'npm run build && ';

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
	use: {
		baseURL: BASE_URL,
		browserName: 'chromium',
		headless: true,
		viewport: { width: 390, height: 844 },
		locale: 'zh-CN',
		serviceWorkers: 'allow',
		launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
		trace: 'retain-on-failure'
	},
	webServer: {
		// A fresh embedded database per run, with the demo accounts.
		command: `${build}rm -rf data-e2e && node --import ./src/server/runtime-env.js build`,
		url: `${BASE_URL}/offline`,
		timeout: 240_000,
		reuseExistingServer: false,
		env: {
			PORT: String(PORT),
			ORIGIN: BASE_URL,
			BODY_SIZE_LIMIT: '16M',
			DATA_DIR: 'data-e2e',
			// The development SMS provider also appends its log lines here; tests read codes from it.
			SMS_DEV_LOG: 'data-e2e/sms.log',
			NODE_ENV: 'production'
		}
	}
});
