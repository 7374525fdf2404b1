import { m } from '$lib/paraglide/messages.js';
import type { AttachmentState } from '$lib/offline/db';

interface Upload {
	state: AttachmentState;
	size: number;
	uploadedBytes?: number;
	error?: string | null;
}

/** Upload progress of a stored file, 0–100 (100 once the server has it). */
export function uploadPercent(a: Upload): number {
	if (a.state === 'uploaded' || a.state === 'attached') return 100;
	const done = a.uploadedBytes ?? 0;
	return a.size > 0 ? Math.min(100, Math.floor((done / a.size) * 100)) : 0;
}

/** 等待上传 / 上传中 42% / 已上传 / 已附加 / 上传失败：… */
export function uploadStateText(a: Upload): string {
	switch (a.state) {
		case 'local':
			return m.attachment_state_local();
		case 'uploading':
			return m.attachment_state_uploading({ percent: String(uploadPercent(a)) });
		case 'uploaded':
			return m.attachment_state_uploaded();
		case 'attached':
			return m.attachment_state_attached();
		case 'failed':
			return m.attachment_state_failed({ reason: a.error ?? '' });
	}
}

/** 820 B, 12.3 KB, 1.4 MB. */
export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
