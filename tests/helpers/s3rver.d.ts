// s3rver ships no types; the tests use its constructor, run() and close() only.
declare module 's3rver' {
	import type { AddressInfo } from 'node:net';

	interface S3rverOptions {
		address?: string;
		port?: number;
		silent?: boolean;
		directory: string;
		configureBuckets?: { name: string; configs: unknown[] }[];
	}

	export default class S3rver {
		constructor(options: S3rverOptions);
		run(): Promise<AddressInfo>;
		close(): Promise<void>;
	}
}
