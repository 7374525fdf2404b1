/**
 * After an error nobody caught, the process's state is unknown (a half-done write, a pool in an
 * odd state), so it logs what it can and ends with code 1 for the supervisor to start it afresh.
 */

interface GuardOptions {
	log?: (...args: unknown[]) => void;
	exit?: (code: number) => void;
}

/** Name, code, message, stack and causes of whatever was thrown, plus where the process stood. */
export function describeFatal(kind: string, thrown: unknown): Record<string, unknown> {
	const causes: unknown[] = [];
	for (let e = thrown, i = 0; e instanceof Error && i < 5; i++) {
		const code = (e as { code?: unknown }).code;
		causes.push({ name: e.name, code, message: e.message, stack: e.stack });
		e = e.cause;
	}
	return {
		event: kind,
		pid: process.pid,
		uptimeS: Math.round(process.uptime()),
		node: process.version,
		rssMb: Math.round(process.memoryUsage().rss / 1e6),
		thrown: causes.length ? causes : String(thrown)
	};
}

/** The handler both events share; exported so a test can call it without ending its own runner. */
export function fatalHandler(kind: string, opts: GuardOptions = {}) {
	const log = opts.log ?? console.error;
	const exit = opts.exit ?? ((code: number) => process.exit(code));
	return (thrown: unknown) => {
		try {
			log(`Zhicheng: ${kind}; ending the process (exit code 1) for the supervisor to restart it`);
			log(JSON.stringify(describeFatal(kind, thrown), null, 2));
		} finally {
			exit(1);
		}
	};
}

let installed = false;

export function installProcessGuards(): void {
	if (installed) return;
	installed = true;
	process.on('unhandledRejection', fatalHandler('unhandledRejection'));
	process.on('uncaughtException', fatalHandler('uncaughtException'));
}
