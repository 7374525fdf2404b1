import { describe, expect, it } from 'vitest';
import { SendLane } from './send-lane';

/** Which of the asks were granted, once pending grants have run. */
async function granted(grants: Promise<void>[]): Promise<boolean[]> {
	const done = grants.map(() => false);
	grants.forEach((g, i) => void g.then(() => (done[i] = true)));
	await new Promise((r) => setTimeout(r, 0));
	return done;
}

describe('SendLane', () => {
	it('gives the turn to one owner at a time, in the order they asked', async () => {
		const lane = new SendLane();
		const [a, b, c] = [{}, {}, {}];
		const grants = [lane.acquire(a), lane.acquire(b), lane.acquire(c)];
		expect(await granted(grants)).toEqual([true, false, false]);
		lane.release(a);
		expect(await granted(grants)).toEqual([true, true, false]);
		lane.release(b);
		expect(await granted(grants)).toEqual([true, true, true]);
		lane.release(c);
		expect(lane.busy).toBe(false);
	});

	it('gives turns to as many owners at once as it is wide', async () => {
		const lane = new SendLane(2);
		const [a, b, c, d] = [{}, {}, {}, {}];
		const grants = [lane.acquire(a), lane.acquire(b), lane.acquire(c), lane.acquire(d)];
		expect(await granted(grants)).toEqual([true, true, false, false]);
		lane.release(b);
		expect(await granted(grants)).toEqual([true, true, true, false]);
		lane.release(a);
		expect(await granted(grants)).toEqual([true, true, true, true]);
		lane.release(c);
		lane.release(d);
		expect(lane.busy).toBe(false);
	});

	it('lets the holder ask again without waiting on itself', async () => {
		const lane = new SendLane();
		const a = {};
		await lane.acquire(a);
		await lane.acquire(a);
		lane.release(a);
		expect(lane.busy).toBe(false);
	});

	it('drops an owner that stops waiting, and ignores owners with no part in it', async () => {
		const lane = new SendLane();
		const [a, b, c] = [{}, {}, {}];
		const grants = [lane.acquire(a), lane.acquire(b), lane.acquire(c)];
		lane.release(b);
		lane.release({});
		expect(await granted(grants)).toEqual([true, false, false]);
		lane.release(a);
		expect(await granted(grants)).toEqual([true, false, true]);
	});
});
