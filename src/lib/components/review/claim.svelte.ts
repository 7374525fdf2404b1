import { invalidate } from '$app/navigation';
import { failureOf, reviewApi } from './api';
import { QUEUE_DEPENDENCY } from './queue-params';

export type ClaimState = 'claiming' | 'held' | 'other' | 'failed' | 'ended';

/** Renew this long before the claim would lapse (it lasts CLAIM_MINUTES). */
const RENEW_EARLY_MS = 2 * 60_000;
const RETRY_MS = 30_000;

/**
 * This reviewer's hold on an open case (受理 / 开始审核): taken on open, renewed before it lapses
 * while the page is open, let go on leaving. When a colleague holds it, says who and until when,
 * and tries again once their claim has lapsed.
 */
export class CaseClaim {
	state = $state<ClaimState>('claiming');
	until = $state<string | null>(null);
	holder = $state<{ name: string; until: string } | null>(null);
	message = $state('');
	#timer: ReturnType<typeof setTimeout> | undefined;
	readonly #caseId: string;

	constructor(caseId: string, holder: { name: string; until: string } | null) {
		this.#caseId = caseId;
		if (holder) {
			this.state = 'other';
			this.holder = holder;
			this.#later(Date.parse(holder.until) - Date.now() + 2_000);
		}
	}

	async take(): Promise<void> {
		clearTimeout(this.#timer);
		if (this.state === 'ended') return;
		if (this.state !== 'held') this.state = 'claiming';
		try {
			const { until } = await reviewApi().claim.mutate({ caseId: this.#caseId });
			if (this.#ended()) {
				void this.#release();
				return;
			}
			this.state = 'held';
			this.until = until;
			this.holder = null;
			this.message = '';
			this.#later(Date.parse(until) - Date.now() - RENEW_EARLY_MS);
		} catch (error) {
			if (this.#ended()) return;
			const failure = failureOf(error);
			this.message = failure.message;
			if (failure.code === null) {
				// No answer: the claim may still stand until `until`; try again shortly.
				if (this.state !== 'held') this.state = 'failed';
				this.#later(RETRY_MS);
				return;
			}
			const view =
				failure.code === 'CONFLICT'
					? await reviewApi()
							.case.query({ caseId: this.#caseId })
							.catch(() => null)
					: null;
			if (view?.claim && !view.claim.byMe) {
				this.state = 'other';
				this.holder = { name: view.claim.name, until: view.claim.until };
				this.#later(Date.parse(view.claim.until) - Date.now() + 2_000);
			} else {
				this.state = 'failed';
			}
		}
	}

	/** The server already let go (an action went through), or the page is left. */
	end(release: boolean): void {
		clearTimeout(this.#timer);
		const held = this.state === 'held';
		this.state = 'ended';
		if (release && held) void this.#release();
	}

	/** Ends the claim and resolves once the server has let it go (or refused to). */
	async endAndRelease(): Promise<void> {
		clearTimeout(this.#timer);
		const held = this.state === 'held';
		this.state = 'ended';
		if (held) await this.#release();
	}

	/** The tab is closing: a request that outlives the page. */
	releaseOnUnload(): void {
		if (this.state !== 'held') return;
		void fetch('/api/trpc/review.release', {
			method: 'POST',
			keepalive: true,
			credentials: 'same-origin',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ caseId: this.#caseId })
		}).catch(() => undefined);
	}

	/** Read after an await: end() may have run meanwhile. */
	#ended(): boolean {
		return this.state === 'ended';
	}

	#later(ms: number) {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.take(), Math.max(5_000, ms));
	}

	async #release() {
		const released = await reviewApi()
			.release.mutate({ caseId: this.#caseId })
			.then(() => true)
			.catch(() => false);
		// The queue may have loaded while the release was on its way and still show the claim.
		if (released) await invalidate(QUEUE_DEPENDENCY);
	}
}
