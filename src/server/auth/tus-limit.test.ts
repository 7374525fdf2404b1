import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackTus, type LoopbackTus } from '../../../tests/helpers/tus-server';
import { authSettings } from './settings';

let tus: LoopbackTus;
beforeAll(async () => {
	tus = await startLoopbackTus();
});
afterAll(() => tus.close());

const b64 = (s: string) => Buffer.from(s).toString('base64');

function create() {
	const metadata = {
		attachmentId: randomUUID(),
		caseId: tus.caseId,
		filename: '学历证书.pdf',
		filetype: 'application/pdf',
		sha256: 'a'.repeat(64)
	};
	return fetch(tus.endpoint, {
		method: 'POST',
		headers: {
			cookie: tus.cookie,
			'tus-resumable': '1.0.0',
			'upload-length': '1000',
			'upload-metadata': Object.entries(metadata)
				.map(([k, v]) => `${k} ${b64(v)}`)
				.join(',')
		}
	});
}

describe('tus creation is limited per person', () => {
	it('refuses creations over the allowance of a minute with 429 and stores nothing', async () => {
		for (let i = 0; i < authSettings.userActionsPerMinute; i++) {
			expect((await create()).status).toBe(201);
		}
		const refused = await create();
		expect(refused.status).toBe(429);
		expect(await refused.text()).toBe('操作过于频繁，请稍后再试');
		expect(refused.headers.get('location')).toBeNull();
	}, 120_000);
});
