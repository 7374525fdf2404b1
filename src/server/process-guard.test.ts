import { describe, expect, it } from 'vitest';
import { fatalHandler } from './process-guard';

describe('errors nobody caught', () => {
	it('are logged with their causes and where the process stood, then end it with code 1', () => {
		const lines: string[] = [];
		const exits: number[] = [];
		const handler = fatalHandler('unhandledRejection', {
			log: (line) => lines.push(String(line)),
			exit: (code) => exits.push(code)
		});
		const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
			code: 'ECONNREFUSED'
		});
		handler(new TypeError("Cannot read properties of null (reading 'write')", { cause }));
		expect(exits).toEqual([1]);
		expect(lines[0]).toContain('unhandledRejection');
		const detail = JSON.parse(lines[1]!) as {
			pid: number;
			uptimeS: number;
			thrown: { name: string; code?: string; message: string; stack: string }[];
		};
		expect(detail.pid).toBe(process.pid);
		expect(detail.thrown.map((t) => [t.name, t.code])).toEqual([
			['TypeError', undefined],
			['Error', 'ECONNREFUSED']
		]);
		expect(detail.thrown[0]!.stack).toContain('process-guard.test.ts');
	});

	it('still end the process when logging fails, and when a non-error was thrown', () => {
		const exits: number[] = [];
		const handler = fatalHandler('uncaughtException', {
			log: () => {
				throw new Error('stderr closed');
			},
			exit: (code) => exits.push(code)
		});
		expect(() => handler('a string')).toThrow('stderr closed');
		expect(exits).toEqual([1]);
	});
});
