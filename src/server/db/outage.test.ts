import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, outageCode } from './outage';

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('what counts as a database outage', () => {
	it('is a lost or refused connection, a restart, or a timeout, however deeply wrapped', () => {
		for (const code of ['ECONNREFUSED', 'CONNECTION_CLOSED', 'CONNECT_TIMEOUT', 'QUEUE_TIMEOUT']) {
			expect(outageCode(withCode(code))).toBe(code);
		}
		for (const sqlstate of ['57P01', '57P03', '08006', '55P03', '57014', '25P03']) {
			expect(isDatabaseUnavailable(withCode(sqlstate))).toBe(true);
		}
		const wrapped = new Error('tRPC', { cause: new Error('query', { cause: withCode('57P01') }) });
		expect(outageCode(wrapped)).toBe('57P01');
	});

	it('is not a bug, a constraint violation or a bad query', () => {
		expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
		expect(isDatabaseUnavailable(withCode('23505', 'duplicate key'))).toBe(false);
		expect(isDatabaseUnavailable(withCode('42P01', 'relation does not exist'))).toBe(false);
		expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
		expect(isDatabaseUnavailable(null)).toBe(false);
	});
});
