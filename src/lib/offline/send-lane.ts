/**
 * A turn to send: one holder at a time, the others served in the order they asked. Uploads take
 * a turn for each request that carries file bytes, so while one file's bytes are on the wire the
 * next upload does its creation request and reads its bytes, but does not split the uplink (and
 * the server) with it: each file is done as soon as it can be, and its progress moves steadily.
 */
export class SendLane {
	private holder: object | null = null;
	private readonly waiting: { owner: object; grant: () => void }[] = [];

	/** Resolves once `owner` holds the turn (at once if it already does). */
	acquire(owner: object): Promise<void> {
		if (this.holder === owner) return Promise.resolve();
		if (this.holder === null) {
			this.holder = owner;
			return Promise.resolve();
		}
		return new Promise((grant) => this.waiting.push({ owner, grant }));
	}

	/** Gives the turn back (or stops waiting for it); nothing when `owner` has no part in it. */
	release(owner: object): void {
		const at = this.waiting.findIndex((w) => w.owner === owner);
		if (at >= 0) this.waiting.splice(at, 1);
		if (this.holder !== owner) return;
		const next = this.waiting.shift();
		this.holder = next?.owner ?? null;
		next?.grant();
	}

	get busy(): boolean {
		return this.holder !== null;
	}
}
