import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The load test under faults (load.test.ts): after `npm run build`, in a CI step of its own
// with a budget of 5 minutes: `npm run test:load`.
export default defineConfig({
	root: fileURLToPath(new URL('../..', import.meta.url)),
	test: {
		include: ['tests/fault/load.test.ts'],
		environment: 'node',
		testTimeout: 300_000,
		hookTimeout: 240_000
	}
});
