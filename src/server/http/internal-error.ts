import { randomBytes } from 'node:crypto';

/**
 * Internal errors answer a generic message with a request id; what went wrong (the database's
 * text, a stack) goes to the log under that id only, where an operator finds it from the id a
 * person reports.
 */
export function logInternalError(where: string, error: unknown): string {
	const requestId = randomBytes(6).toString('hex');
	console.error(`[request ${requestId}] ${where}:`, error);
	return requestId;
}

/** The generic answer, in both languages (the page's locale may not be known). */
export function internalMessage(requestId: string): string {
	return (
		`服务器内部错误，请稍后重试（请求编号 ${requestId}）。` +
		` Internal server error; please try again later (request id ${requestId}).`
	);
}

/** SQLSTATE class 22 (data exception): a value the column or function cannot take, e.g. out of range. */
export function isDataException(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}
