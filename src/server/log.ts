import pino, { type Logger } from 'pino';

/**
 * The process's structured log: one JSON object a line (pino), for the log collector.
 * `LOG_LEVEL` sets the level (default `info`; `silent` under vitest unless set). In development
 * (`NODE_ENV=development`, as `vite dev` sets it) or with `LOG_FORMAT=pretty` the lines are made
 * human-readable by pino-pretty, a development dependency loaded only then.
 * What goes in: ids, routes, numbers. Never an ID number, a name, a phone number or a token.
 */
function makeLogger(): Logger {
	const level = process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
	const pretty =
		process.env.LOG_FORMAT === 'pretty' ||
		(process.env.LOG_FORMAT !== 'json' && process.env.NODE_ENV === 'development');
	const options = { level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
	if (pretty) {
		return pino({
			...options,
			transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l' } }
		});
	}
	// Buffered: a line per request must not cost a write(2) each; flushed at exit.
	return pino(options, pino.destination({ dest: 1, sync: false }));
}

export const log: Logger = makeLogger();
