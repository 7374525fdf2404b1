import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileStore } from '@tus/file-store';
import { afterAll, describe, expect, it } from 'vitest';
import { startS3Server } from '../../../tests/helpers/s3-server';
import { storageReadiness } from './ready';
import { createS3Store } from './s3-store';
import { VerifyingStore } from './verifying-store';

const dir = mkdtempSync(path.join(tmpdir(), 'zc-store-ready-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until(check: () => boolean): Promise<void> {
	for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('readiness of the upload store', () => {
	it('writes, finishes and removes a probe upload, leaving nothing behind', async () => {
		const files = path.join(dir, 'files');
		const store = new VerifyingStore(new FileStore({ directory: files }));
		expect(await storageReadiness(store)).toEqual({ writable: true });
		expect(readdirSync(files)).toEqual([]);
	});

	it('answers unwritable when the store cannot take a file, and asks again next time', async () => {
		const files = path.join(dir, 'other');
		const store = new FileStore({ directory: files });
		await until(() => existsSync(files));
		// A plain file where the folder was: even root cannot write under it.
		rmSync(files, { recursive: true });
		writeFileSync(files, 'not a folder');
		const state = await storageReadiness(store);
		expect(state).toMatchObject({ writable: false, reason: expect.stringMatching(/^E[A-Z]+$/) });
		rmSync(files);
		mkdirSync(files);
		expect(await storageReadiness(store)).toEqual({ writable: true });
	});

	it('does the same on S3, leaving no object behind; a stopped S3 server is unwritable', async () => {
		const s3 = await startS3Server();
		const store = createS3Store(s3.config);
		try {
			expect(await storageReadiness(store)).toEqual({ writable: true });
			expect(await store.uploadIds()).toEqual([]);
		} finally {
			await s3.close();
		}
		const gone = createS3Store(s3.config);
		expect((await storageReadiness(gone)).writable).toBe(false);
	});
});
