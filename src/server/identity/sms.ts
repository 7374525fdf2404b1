import { appendFileSync } from 'node:fs';

export type SmsPurpose = 'register' | 'reset';

/** Sending one-time codes by SMS: the seam for the production gateway. */
export interface SmsSender {
	/** Resolves once the gateway accepted the message; throws SmsUnavailable otherwise. */
	send(mobile: string, code: string, purpose: SmsPurpose): Promise<void>;
}

export class SmsUnavailable extends Error {}

/**
 * Development: the code goes to the server's log only, never into a page or a response. With
 * SMS_DEV_LOG set the same line is appended to that file too (tests read it there; it is no
 * route, so nothing over HTTP reaches it).
 */
export function devSmsSender(logFile = process.env.SMS_DEV_LOG || null): SmsSender {
	return {
		async send(mobile, code, purpose) {
			const line = `[sms-dev] ${new Date().toISOString()} ${purpose} ${mobile} ${code}`;
			console.log(line);
			if (logFile) appendFileSync(logFile, `${line}\n`);
		}
	};
}

/** Production: POST { mobile, code, purpose } as JSON to SMS_HTTP_URL (Bearer SMS_HTTP_TOKEN). */
export function httpSmsSender(url: string, token: string | null): SmsSender {
	return {
		async send(mobile, code, purpose) {
			let res: Response;
			try {
				res = await fetch(url, {
					method: 'POST',
					headers: {
						'content-type': 'application/json',
						...(token ? { authorization: `Bearer ${token}` } : {})
					},
					body: JSON.stringify({ mobile, code, purpose }),
					signal: AbortSignal.timeout(5000)
				});
			} catch (error) {
				throw new SmsUnavailable('SMS gateway unreachable', { cause: error });
			}
			if (!res.ok) throw new SmsUnavailable(`SMS gateway answered ${res.status}`);
		}
	};
}

let sender: SmsSender | null = null;

export function smsSender(): SmsSender {
	sender ??= process.env.SMS_HTTP_URL
		? httpSmsSender(process.env.SMS_HTTP_URL, process.env.SMS_HTTP_TOKEN || null)
		: devSmsSender();
	return sender;
}

/** Installs another sender (tests; a deployment with its own gateway client). */
export function setSmsSender(next: SmsSender | null): void {
	sender = next;
}
