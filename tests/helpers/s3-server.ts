import { mkdtempSync, rmSync } from 'node:fs';
import { readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export interface S3Fixture {
	/** S3_* settings for the app (`FilesConfig.s3`). */
	config: {
		bucket: string;
		endpoint: string;
		region: string;
		accessKeyId: string;
		secretAccessKey: string;
	};
	/** Sets the time the upload's objects and parts were last written (as if idle since). */
	age(key: string, when: Date): Promise<void>;
	close(): Promise<void>;
}

interface KoaContext {
	method: string;
	path: string;
	query: Record<string, string | undefined>;
	status: number;
	type: string;
	body: unknown;
}

interface S3rverInternals {
	middleware: ((ctx: KoaContext, next: () => Promise<void>) => Promise<void>)[];
	store: { getResourcePath(bucket: string, key: string | undefined, resource: string): string };
}

const xml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * An S3 REST server on loopback (s3rver, from npm: no S3 service is reachable here), with one
 * bucket. s3rver 3.7 lacks two calls @tus/s3-store makes, ListParts (how far a resumed upload
 * got) and AbortMultipartUpload (removing an unfinished one); they are answered here from
 * s3rver's own part files, as S3 answers them.
 */
export async function startS3Server(bucket = 'zhicheng-test'): Promise<S3Fixture> {
	const directory = mkdtempSync(path.join(tmpdir(), 'zc-s3-'));
	const server = new S3rver({
		address: '127.0.0.1',
		port: 0,
		silent: true,
		directory,
		configureBuckets: [{ name: bucket, configs: [] }]
	});
	const internals = server as unknown as S3rverInternals;
	internals.middleware.unshift(async (ctx, next) => {
		const uploadId = ctx.query.uploadId;
		const [, name] = ctx.path.split('/');
		if (!uploadId || !name || (ctx.method !== 'GET' && ctx.method !== 'DELETE')) return next();
		const dir = path.join(internals.store.getResourcePath(name, undefined, 'uploads'), uploadId);
		const present = await stat(dir).then(
			() => true,
			() => false
		);
		if (!present) {
			ctx.status = 404;
			ctx.type = 'application/xml';
			ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message><UploadId>${xml(uploadId)}</UploadId></Error>`;
			return;
		}
		if (ctx.method === 'DELETE') {
			await rm(dir, { recursive: true, force: true });
			ctx.status = 204;
			ctx.body = '';
			return;
		}
		const key = await readFile(path.join(dir, 'key'), 'utf8');
		const numbers = (await readdir(dir))
			.filter((f) => /^\d+$/.test(f))
			.map(Number)
			.sort((a, b) => a - b);
		const parts = await Promise.all(
			numbers.map(async (n) => {
				const { size, mtime } = await stat(path.join(dir, String(n)));
				const md5 = await readFile(path.join(dir, `${n}.md5`), 'utf8');
				return `<Part><PartNumber>${n}</PartNumber><LastModified>${mtime.toISOString()}</LastModified><ETag>"${md5}"</ETag><Size>${size}</Size></Part>`;
			})
		);
		ctx.status = 200;
		ctx.type = 'application/xml';
		ctx.body =
			`<?xml version="1.0" encoding="UTF-8"?>\n<ListPartsResult><Bucket>${xml(name)}</Bucket>` +
			`<Key>${xml(key)}</Key><UploadId>${xml(uploadId)}</UploadId><IsTruncated>false</IsTruncated>` +
			`${parts.join('')}</ListPartsResult>`;
	});
	const address = (await server.run()) as AddressInfo;
	return {
		config: {
			bucket,
			endpoint: `http://127.0.0.1:${address.port}`,
			region: 'us-east-1',
			// s3rver's fixed credentials: the SDK signs every request, and s3rver checks it.
			accessKeyId: 'S3RVER',
			secretAccessKey: 'S3RVER'
		},
		async age(key, when) {
			// s3rver answers LastModified from its files' mtimes: `<key>._S3rver_object` and the
			// like for objects, `._S3rver_uploads/<uploadId>/<n>` for a multipart upload's parts.
			const files = (await readdir(directory, { recursive: true, withFileTypes: true }))
				.filter((e) => e.isFile())
				.map((e) => path.join(e.parentPath, e.name));
			for (const file of files) {
				const own = [`${key}._S3rver_`, `${key}.info._S3rver_`, `${key}.part._S3rver_`];
				const name = path.basename(file);
				const ofUpload =
					path.basename(path.dirname(path.dirname(file))) === '._S3rver_uploads' &&
					(await readFile(path.join(path.dirname(file), 'key'), 'utf8')) === key;
				if (ofUpload || own.some((prefix) => name.startsWith(prefix))) {
					await utimes(file, when, when);
				}
			}
		},
		async close() {
			await server.close();
			rmSync(directory, { recursive: true, force: true });
		}
	};
}
