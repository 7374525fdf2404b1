/** Uploads whose file bytes are on the wire at once in a page (`attachments.ts`). */
export const FILES_SENDING_AT_ONCE = 2;

/**
 * Turns to send: at most `width` holders at a time, the others served in the order they asked.
 * Uploads take a turn for each request that carries file bytes. With two turns, the next file's
 * bytes are already moving while the server checks and records the one before (measured ~10%
 * faster than one turn, and than three: `upload-throughput-ratio`); more would split a phone's
 * uplink between files, so that each is done later and its progress crawls.
 */
export class SendLane {
	private readonly holders = new Set<object>();
	private readonly waiting: { owner: object; grant: () => void }[] = [];

	constructor(private readonly width = 1) {}

	/** Resolves once `owner` holds a turn (at once if it already does). */
	acquire(owner: object): Promise<void> {
		if (this.holders.has(owner)) return Promise.resolve();
		if (this.holders.size < this.width) {
			this.holders.add(owner);
			return Promise.resolve();
		}
		return new Promise((grant) => this.waiting.push({ owner, grant }));
	}

	/** Gives the turn back (or stops waiting for it); nothing when `owner` has no part in it. */
	release(owner: object): void {
		const at = this.waiting.findIndex((w) => w.owner === owner);
		if (at >= 0) this.waiting.splice(at, 1);
		if (!this.holders.delete(owner)) return;
		const next = this.waiting.shift();
		if (!next) return;
		this.holders.add(next.owner);
		next.grant();
	}

	get busy(): boolean {
		return this.holders.size > 0;
	}
}
