import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Source files of the server side (not tests). */
function serverSources(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true, recursive: true })
		.filter((e) => e.isFile() && /\.(ts|js)$/.test(e.name) && !/\.test\.ts$/.test(e.name))
		.map((e) => path.join(e.parentPath, e.name));
}

describe('recurring work', () => {
	it('is a job in the queue (src/server/jobs), never a timer in request-serving code', () => {
		const files = [
			...serverSources('src/server'),
			...serverSources('src/routes').filter((f) =>
				/\+server|\+page\.server|\+layout\.server/.test(f)
			),
			'src/hooks.server.ts'
		];
		const timers = files.filter((f) => /\bsetInterval\s*\(/.test(readFileSync(f, 'utf8')));
		expect(timers).toEqual([]);
	});
});
