import { describe, expect, it } from 'vitest';
import { formatBytes, uploadPercent } from './attachment-status';

describe('attachment status', () => {
	it('formatBytes', () => {
		expect(formatBytes(820)).toBe('820 B');
		expect(formatBytes(1536)).toBe('1.5 KB');
		expect(formatBytes(300 * 1024)).toBe('300 KB');
		expect(formatBytes(1.44 * 1024 * 1024)).toBe('1.4 MB');
	});
	it('uploadPercent', () => {
		expect(uploadPercent({ state: 'uploading', size: 200, uploadedBytes: 50 })).toBe(25);
		expect(uploadPercent({ state: 'local', size: 0, uploadedBytes: 0 })).toBe(0);
		expect(uploadPercent({ state: 'attached', size: 200, uploadedBytes: 0 })).toBe(100);
	});
});
