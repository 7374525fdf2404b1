import { S3Store } from '@tus/s3-store';
import { ERRORS } from '@tus/utils';
import type { SweepableStore, Written } from './abandoned-uploads';
import type { FilesConfig } from './tus';

const INFO = '.info';

function notFound(error: unknown): boolean {
	const name = (error as { name?: unknown } | null)?.name;
	return name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchUpload';
}

/** S3 multipart parts must be at least 5 MiB. */
const S3_PART_SIZE = 8 * 1024 * 1024;

/**
 * @tus/s3-store for S3 and S3-compatible stores (MinIO, Ceph, Garage, R2 …). Loaded by
 * `loadDatastore` only when S3 is configured, so the AWS SDK stays out of a process without it.
 *
 * `remove` of a finished upload: the store aborts its multipart upload first, and S3 answers
 * NoSuchUpload for one already completed, which @tus/s3-store turns into "not found" before
 * deleting anything; the finished object and its `.info` were then kept. Here they are deleted
 * all the same (refused bytes, second copies and abandoned uploads are removed when finished),
 * and so is the short last part an unfinished upload keeps as `<id>.part`.
 *
 * For the abandoned-upload sweep: every upload is an `<id>.info` object, and it was last written
 * when the newest of its objects and multipart parts was.
 */
export class AppS3Store extends S3Store implements SweepableStore {
	async uploadIds(): Promise<string[]> {
		const ids: string[] = [];
		let ContinuationToken: string | undefined;
		do {
			const page = await this.client.listObjectsV2({ Bucket: this.bucket, ContinuationToken });
			for (const { Key } of page.Contents ?? []) {
				if (Key?.endsWith(INFO)) ids.push(Key.slice(0, -INFO.length));
			}
			ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
		} while (ContinuationToken);
		return ids;
	}

	async written(id: string): Promise<Written | null> {
		let upload;
		try {
			upload = await this.getUpload(id);
		} catch {
			return null; // gone meanwhile
		}
		const times: number[] = [];
		for (const Key of [id, this.infoKey(id), this.partKey(id, true)]) {
			try {
				const head = await this.client.headObject({ Bucket: this.bucket, Key });
				if (head.LastModified) times.push(head.LastModified.getTime());
			} catch (error) {
				if (!notFound(error)) throw error;
			}
		}
		try {
			for (const part of await this.retrieveParts(id)) {
				if (part.LastModified) times.push(part.LastModified.getTime());
			}
		} catch (error) {
			if (!notFound(error)) throw error; // completed: its parts are the object now
		}
		return { declared: upload.size, bytes: upload.offset, mtimeMs: Math.max(0, ...times) };
	}

	override async remove(id: string): Promise<void> {
		const keys = [this.partKey(id, true)];
		try {
			await super.remove(id);
		} catch (error) {
			if (error !== ERRORS.FILE_NOT_FOUND) throw error;
			keys.push(id, this.infoKey(id));
			// Its metadata stays cached otherwise: a new upload under the id (an image's cleaned
			// copy) would be written to the completed multipart upload.
			await this.clearCache(id);
		}
		// @tus/s3-store leaves an unfinished upload's last short part (`<id>.part`) behind.
		await this.client.deleteObjects({
			Bucket: this.bucket,
			Delete: { Objects: keys.map((Key) => ({ Key })) }
		});
	}
}

export function createS3Store(s3: NonNullable<FilesConfig['s3']>): AppS3Store {
	const { bucket, endpoint, region, accessKeyId, secretAccessKey } = s3;
	return new AppS3Store({
		partSize: S3_PART_SIZE,
		// Object tags serve only tus's expiration extension, which is not used (the sweep and a
		// lifecycle rule are); not every S3-compatible store takes them.
		useTags: false,
		s3ClientConfig: {
			bucket,
			region,
			endpoint,
			forcePathStyle: Boolean(endpoint),
			credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
			// The SDK's newer default sends bodies aws-chunked with a trailing CRC32, which many
			// S3-compatible stores take as part of the bytes. The app checks each upload's SHA-256
			// itself, so checksums are sent only where an operation requires one.
			requestChecksumCalculation: 'WHEN_REQUIRED',
			responseChecksumValidation: 'WHEN_REQUIRED'
		}
	});
}
