// After `npm run build`: every page's preload list holds its whole static import closure.
//
// SvelteKit tells the browser what a page needs (its modulepreload links and stylesheets) from
// the server build's node files. A chunk grouping that makes a chunk first reachable through a
// dynamic import can drop it from that list (Kit's find_deps marks it seen there), and the page
// then fetches it in a waterfall on a slow phone. This compares, for each page node, the static
// closure in the client manifest with the node's `imports` and `stylesheets`.
//   node .ci/check-preloads.mjs [kit output dir, default .svelte-kit/output]
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const out = process.argv[2] ?? '.svelte-kit/output';
const manifest = JSON.parse(readFileSync(path.join(out, 'client/.vite/manifest.json'), 'utf8'));

/** The files and stylesheets a manifest entry loads through static imports. */
function closure(key) {
	const files = new Set();
	const css = new Set();
	const walk = (k) => {
		const chunk = manifest[k];
		if (!chunk || files.has(chunk.file)) return;
		files.add(chunk.file);
		for (const sheet of chunk.css ?? []) css.add(sheet);
		for (const next of chunk.imports ?? []) walk(next);
	};
	walk(key);
	return { files, css };
}

/** An `export const name = [...]` list of a server node file. */
function listOf(source, name) {
	const match = source.match(new RegExp(`export const ${name} = (\\[.*?\\]);`));
	if (!match) throw new Error(`no ${name} list`);
	return new Set(JSON.parse(match[1]));
}

const nodes = Object.entries(manifest).filter(
	([, chunk]) => chunk.isEntry && /^_app\/immutable\/nodes\/\d+\./.test(chunk.file)
);
const serverNodes = readdirSync(path.join(out, 'server/nodes'));
let failures = 0;
for (const [key, chunk] of nodes) {
	const index = chunk.file.match(/nodes\/(\d+)\./)[1];
	const file = `${index}.js`;
	if (!serverNodes.includes(file)) {
		console.log(`node ${index}: no server node file`);
		failures++;
		continue;
	}
	const source = readFileSync(path.join(out, 'server/nodes', file), 'utf8');
	const imports = listOf(source, 'imports');
	const stylesheets = listOf(source, 'stylesheets');
	const { files, css } = closure(key);
	const missing = [...files].filter((f) => !imports.has(f));
	const missingCss = [...css].filter((f) => !stylesheets.has(f));
	if (missing.length + missingCss.length > 0) {
		failures++;
		console.log(`node ${index} (${key}): not preloaded: ${[...missing, ...missingCss].join(', ')}`);
	} else {
		console.log(`node ${index}: ${files.size} scripts, ${css.size} stylesheets preloaded`);
	}
}
if (nodes.length < 5) {
	console.log(`only ${nodes.length} page nodes in the manifest: is this a SvelteKit build?`);
	failures++;
}
console.log(
	failures === 0
		? `preloads: all ${nodes.length} pages complete`
		: `preloads: ${failures} pages incomplete`
);
process.exit(failures === 0 ? 0 : 1);
