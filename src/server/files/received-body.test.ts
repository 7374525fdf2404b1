import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { receivedBody } from './received-body';

async function drain(stream: Readable): Promise<Buffer[]> {
	const out: Buffer[] = [];
	await new Promise<void>((resolve, reject) => {
		stream
			.pipe(
				new Writable({
					write(chunk: Buffer, _e, cb) {
						out.push(chunk);
						cb();
					}
				})
			)
			.on('finish', resolve)
			.on('error', reject);
	});
	return out;
}

const pieces = (n: number, size: number) =>
	Array.from({ length: n }, (_, i) => Buffer.alloc(size, i));

describe('receivedBody', () => {
	it('passes every piece on in order, each one seen once', async () => {
		const input = pieces(10, 1000);
		const seen: number[] = [];
		const body = receivedBody(Readable.from(input), (c) => seen.push(c[0]!));
		const out = await drain(body.stream);
		expect(Buffer.concat(out).equals(Buffer.concat(input))).toBe(true);
		expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(body.failure()).toBeNull();
	});

	it('hands on every byte that came when the body breaks off, then ends normally', async () => {
		const input = pieces(5, 1000);
		let i = 0;
		const source = new Readable({
			read() {
				if (i < input.length) this.push(input[i++]);
				else this.destroy(new Error('connection reset'));
			}
		});
		const body = receivedBody(source);
		const out = await drain(body.stream);
		expect(Buffer.concat(out).equals(Buffer.concat(input))).toBe(true);
		expect((body.failure() as Error).message).toBe('connection reset');
	});

	it('ends when the body is closed early without an error', async () => {
		let sent = false;
		const source = new Readable({
			read() {
				if (sent) return;
				sent = true;
				this.push(Buffer.alloc(700, 1));
				setImmediate(() => this.destroy());
			}
		});
		const body = receivedBody(source);
		const out = await drain(body.stream);
		expect(Buffer.concat(out).length).toBe(700);
		expect(body.failure()).toBeInstanceOf(Error);
	});
});
