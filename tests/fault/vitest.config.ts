import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The fault tests run the built app against PostgreSQL clusters of their own; they are not part
// of `npm test` (which runs before the build in CI) but a step of their own: `npm run test:fault`.
export default defineConfig({
	root: fileURLToPath(new URL('../..', import.meta.url)),
	test: {
		include: ['tests/fault/**/*.test.ts'],
		// A step of its own with its own time budget: `npm run test:load` (vitest.load.config.ts).
		exclude: ['tests/fault/load.test.ts'],
		environment: 'node',
		testTimeout: 120_000,
		hookTimeout: 180_000,
		fileParallelism: false
	}
});
