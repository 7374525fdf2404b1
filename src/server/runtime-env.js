// Preloaded by `npm start` (node --import) before adapter-node reads its environment:
// adapter-node assumes https when ORIGIN is unset, which breaks cookies and origin checks on a
// plain http://localhost start. Explicit settings always win.
import { startProblem } from './start-settings.js';

process.env.NODE_ENV ??= 'production';
// A real database is a real deployment: its public origin is never guessed, and its SMS codes
// and identity checks are never the development stand-ins'.
const problem = startProblem(process.env);
if (problem) {
	console.error(`Zhicheng: cannot start: ${problem}`);
	process.exit(1);
}
const port = process.env.PORT ?? '3000';
process.env.ORIGIN ??= `http://localhost:${port}`;
// tus chunks are 10 MiB; the limit must exceed one chunk (adapter-node's default is 512K).
process.env.BODY_SIZE_LIMIT ??= '16M';
