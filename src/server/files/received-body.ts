import { finished, Transform, type Readable } from 'node:stream';

export interface ReceivedBody {
	/** The body's bytes as they came; it ends normally even when the body broke off. */
	stream: Readable;
	/** The body's own error once it broke off (the connection dropped), else null. */
	failure(): unknown;
}

/**
 * A request body on its way to a store, `each` seeing every piece. When the body breaks off, the
 * stream still ends normally, so the store writes every byte that arrived (rather than dropping
 * what it had buffered) and the client resumes from exactly there; `failure()` says why.
 * Pieces pass as they came: regrouping them into bigger writes was measured slower (the copies
 * cost more garbage collection than the fewer writes saved).
 */
export function receivedBody(source: Readable, each?: (chunk: Buffer) => void): ReceivedBody {
	let failure: unknown = null;
	const stream = new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			each?.(chunk);
			callback(null, chunk);
		}
	});
	// An error or a close before the end (pipe alone would leave the store's write waiting).
	finished(source, { writable: false }, (error) => {
		if (!error) return;
		failure = error;
		source.unpipe(stream);
		stream.end();
	});
	source.pipe(stream);
	return { stream, failure: () => failure };
}
