import { Server } from '@tus/server';

/** The server's SHA-256 of a finished upload's verified bytes, or null when it has none. */
export type ConfirmedSha256 = (uploadId: string) => Promise<string | null>;

/**
 * A tus server whose HEAD of a finished upload carries `Upload-Sha256`, as the finishing PATCH's
 * answer does. A client whose answer to that PATCH was lost (the page reloaded, the connection
 * dropped) resumes with a HEAD that tells it all bytes are there: the checksum tells it they were
 * verified, instead of leaving it unsure whether the file was accepted.
 */
export class ConfirmingServer extends Server {
	constructor(
		private readonly confirmed: ConfirmedSha256,
		options: ConstructorParameters<typeof Server>[0]
	) {
		super(options);
	}

	override async handleWeb(req: Request): Promise<Response> {
		const res = await super.handleWeb(req);
		if (req.method !== 'HEAD' || res.status !== 200) return res;
		const offset = res.headers.get('Upload-Offset');
		if (offset === null || offset !== res.headers.get('Upload-Length')) return res;
		const id = this.handlers.HEAD.getFileIdFromRequest(req);
		const sha256 = id ? await this.confirmed(id) : null;
		if (sha256) res.headers.set('Upload-Sha256', sha256);
		return res;
	}
}
