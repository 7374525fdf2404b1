// @ts-check
/**
 * The PDF check's worker thread (started by ./pool.ts). It runs as a `data:` module (the pool
 * embeds this file's text with `?raw`, so development, tests and the built server run the same
 * code), so it imports only Node's own modules and pdf.js by an absolute path.
 *
 * pdf.js parses the file: its lexer decodes `#xx` in names, its streams decode every filter and
 * chain of filters, its XRef reads the cross-reference sections and object streams and, in
 * recovery mode, indexes every object written anywhere in the file (what a reader that repairs a
 * file finds). pdfjs-dist exports only its message handler from the worker bundle, so the parser
 * classes are reached by importing the pinned bundle with one export line added; a version that
 * renamed them fails to load here, every PDF is then refused, and the tests say so.
 */
import { readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { inflateRawSync } from 'node:zlib';

const CORE = [
	'PDFDocument',
	'XRef',
	'Stream',
	'BaseStream',
	'Dict',
	'Name',
	'Ref',
	'Parser',
	'Lexer',
	'EOF',
	'PasswordException',
	'XRefParseException',
	'setVerbosityLevel'
];

/** Keys whose presence means JavaScript: an action's script, the document's script name tree, triggers. */
const SCRIPT_KEYS = new Set(['JS', 'JavaScript', 'AA']);
/** Action types (`/S`) that run a script. */
const SCRIPT_ACTIONS = new Set(['JavaScript']);
/** Keys of embedded files, XFA forms and rich media. */
const ACTIVE_KEYS = new Set(['EmbeddedFiles', 'EF', 'XFA', 'RichMediaContent']);
/** Action types that start programs, send or read form data, or reach embedded content. */
const ACTIVE_ACTIONS = new Set(['Launch', 'SubmitForm', 'ImportData', 'RichMediaExecute', 'GoToE']);
/** `/Type` and `/Subtype` values of embedded files, attachment annotations and rich media. */
const ACTIVE_TYPES = new Set(['EmbeddedFile', 'FileAttachment', 'RichMedia']);
/** Image codecs: their data holds no objects, and pdf.js would decode the picture itself. */
const IMAGE_FILTERS = new Set([
	'DCTDecode',
	'DCT',
	'JPXDecode',
	'JBIG2Decode',
	'CCITTFaxDecode',
	'CCF'
]);
const CHUNK = 1 << 20;

/** Over the per-file budget of decoded bytes. */
class TooComplex extends Error {}

/**
 * What one file holds, gathered over every object.
 * @typedef {{ script: Set<string>, active: Set<string>, encrypted: boolean, errors: number, decoded: number, maxDecoded: number }} Findings
 */

/** @param {any} core @param {unknown} root @param {Findings} found */
function inspectValue(core, root, found) {
	const stack = [root];
	while (stack.length > 0) {
		const value = stack.pop();
		if (value instanceof core.BaseStream) {
			const dict = /** @type {{ dict?: unknown }} */ (value).dict;
			if (dict) stack.push(dict);
		} else if (value instanceof core.Dict) {
			inspectDict(core, value, found, stack);
		} else if (Array.isArray(value)) {
			for (const item of value) stack.push(item);
		}
	}
}

/** @param {any} core @param {any} dict @param {Findings} found @param {unknown[]} stack */
function inspectDict(core, dict, found, stack) {
	for (const key of dict.getKeys()) {
		const value = dict.getRaw(key);
		if (SCRIPT_KEYS.has(key)) found.script.add('/' + key);
		if (ACTIVE_KEYS.has(key)) found.active.add('/' + key);
		if (key === 'Encrypt' && (value instanceof core.Dict || value instanceof core.Ref)) {
			found.encrypted = true;
		}
		if (value instanceof core.Name) {
			const name = value.name;
			if (key === 'S' && SCRIPT_ACTIONS.has(name)) found.script.add(`/S /${name}`);
			if (key === 'S' && ACTIVE_ACTIONS.has(name)) found.active.add(`/S /${name}`);
			if ((key === 'Type' || key === 'Subtype') && ACTIVE_TYPES.has(name)) {
				found.active.add(`/${key} /${name}`);
			}
		} else {
			stack.push(value);
		}
	}
}

/** @param {any} core @param {any} dict @returns {string[]} */
function filterNames(core, dict) {
	const filter = dict.get('Filter', 'F');
	const list = Array.isArray(filter) ? filter : [filter];
	return list.filter((f) => f instanceof core.Name).map((f) => f.name);
}

/**
 * The decoded size of a stream pdf.js would decode with its FlateDecode alone (no predictor,
 * no other filter), counted with Node's zlib, several times faster than pdf.js's inflate in
 * JavaScript; null for any other stream. Like pdf.js, it ignores the Adler-32 trailer, and data
 * that does not inflate, or ends before its last block, throws.
 * @param {any} core @param {any} stream @param {number} budget @returns {number | null}
 */
function nativeFlateSize(core, stream, budget) {
	const raw = stream.stream;
	// pdf.js made a FlateStream over the file's bytes and checked its two-byte header already.
	if (stream.constructor?.name !== 'FlateStream' || !(raw instanceof core.Stream)) return null;
	raw.reset();
	const data = raw.getBytes();
	try {
		return inflateRawSync(data.subarray(2), { maxOutputLength: Math.max(1, budget + 1) }).length;
	} catch (error) {
		if (/** @type {{ code?: string }} */ (error).code === 'ERR_BUFFER_TOO_LARGE') {
			throw new TooComplex();
		}
		throw error;
	}
}

/**
 * Decodes a stream (all its filters), counting the bytes against the file's budget; the objects
 * of an object stream are parsed and inspected, also when no cross-reference names them. Other
 * streams (page contents, images, fonts) hold no objects: a reader takes no action from their
 * data, so it is only counted (a decompression bomb is refused) and must decode.
 * @param {any} core @param {any} stream @param {Findings} found
 */
function readStream(core, stream, found) {
	if (filterNames(core, stream.dict).some((f) => IMAGE_FILTERS.has(f))) return;
	const type = stream.dict.get('Type');
	const objects = type instanceof core.Name && type.name === 'ObjStm';
	const native = objects ? null : nativeFlateSize(core, stream, found.maxDecoded - found.decoded);
	if (native !== null) {
		found.decoded += native;
		if (found.decoded > found.maxDecoded) throw new TooComplex();
		return;
	}
	stream.reset();
	for (;;) {
		const chunk = stream.getBytes(CHUNK);
		if (chunk.length === 0) break;
		found.decoded += chunk.length;
		if (found.decoded > found.maxDecoded) throw new TooComplex();
	}
	if (!objects) return;
	stream.reset();
	const parser = new core.Parser({
		lexer: new core.Lexer(stream),
		xref: null,
		allowStreams: false
	});
	let values = 0;
	for (;;) {
		const value = parser.getObj();
		if (value === core.EOF) break;
		inspectValue(core, value, found);
		values++;
	}
	// Its header (number and offset of each object) and the objects: fewer values means pdf.js
	// could not decode or parse what another reader might.
	const count = stream.dict.get('N');
	if (!Number.isInteger(count) || values < 3 * count) {
		throw new Error('an object stream pdf.js cannot read whole');
	}
}

/**
 * Every object the cross-reference (or the recovery index) lists, except those `skip` says were
 * read already; returns the entries read without error.
 * @param {any} core @param {any} xref @param {Findings} found
 * @param {(num: number, entry: any) => boolean} skip
 */
function walk(core, xref, found, skip) {
	/** @type {Map<number, any>} */
	const read = new Map();
	for (let num = 0; num < xref.entries.length; num++) {
		const entry = xref.getEntry(num);
		if (!entry || skip(num, entry)) continue;
		try {
			const obj = xref.fetch(core.Ref.get(num, entry.gen));
			inspectValue(core, obj, found);
			if (obj instanceof core.BaseStream) readStream(core, obj, found);
			read.set(num, entry);
		} catch (error) {
			if (error instanceof TooComplex) throw error;
			if (error instanceof core.PasswordException) found.encrypted = true;
			else found.errors++;
		}
	}
	return read;
}

const OBJ = Buffer.from('obj');

/** @param {number} b */
function isSpace(b) {
	return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0c || b === 0x00;
}

/** @param {number} b */
function isDigit(b) {
	return b >= 0x30 && b <= 0x39;
}

/**
 * Where every `<num> <gen> obj` header of the file starts (a native search for `obj`, then the
 * two numbers read backwards), to tell whether the file holds any object the cross-reference
 * does not list: only then is the slower recovery index built.
 * @param {Uint8Array} bytes
 */
function objectHeaders(bytes) {
	const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	/** @type {number[]} */
	const starts = [];
	for (let at = buf.indexOf(OBJ); at >= 0; at = buf.indexOf(OBJ, at + 3)) {
		let i = at - 1;
		const gap1 = i;
		while (i >= 0 && isSpace(buf[i] ?? 0)) i--;
		if (i === gap1) continue;
		const gen = i;
		while (i >= 0 && isDigit(buf[i] ?? 0)) i--;
		if (i === gen) continue;
		const gap2 = i;
		while (i >= 0 && isSpace(buf[i] ?? 0)) i--;
		if (i === gap2) continue;
		const num = i;
		while (i >= 0 && isDigit(buf[i] ?? 0)) i--;
		if (i === num) continue;
		starts.push(i + 1);
	}
	return starts;
}

/** @param {any} core @param {Uint8Array} bytes @param {boolean} recovery */
function open(core, bytes, recovery) {
	const doc = new core.PDFDocument(
		{ docId: 'pdf-check', password: undefined, evaluatorOptions: {} },
		new core.Stream(bytes)
	);
	// No linearization hint: every object is read through the cross-reference (and the recovery
	// index) either way, and looking for it lexes from the header on, through any padding there.
	Object.defineProperty(doc, 'linearization', { value: null });
	doc.checkHeader();
	doc.parseStartXRef();
	doc.parse(recovery);
	return doc;
}

/**
 * @param {any} core @param {Uint8Array} bytes @param {number} maxDecoded
 * @returns {{ verdict: 'ok' | 'script' | 'active' | 'encrypted' | 'unreadable' | 'too_complex', findings: string[] }}
 */
function check(core, bytes, maxDecoded) {
	/** @type {Findings} */
	const found = {
		script: new Set(),
		active: new Set(),
		encrypted: false,
		errors: 0,
		decoded: 0,
		maxDecoded
	};
	/** @type {any} */
	let doc;
	let recovered = false;
	try {
		try {
			doc = open(core, bytes, false);
		} catch (error) {
			if (!(error instanceof core.XRefParseException)) throw error;
			doc = open(core, bytes, true);
			recovered = true;
		}
	} catch (error) {
		if (error instanceof core.PasswordException) return { verdict: 'encrypted', findings: [] };
		return { verdict: 'unreadable', findings: [] };
	}
	try {
		const xref = doc.xref;
		if (xref.encrypt) found.encrypted = true;
		inspectValue(core, xref.trailer, found);
		const seen = walk(core, xref, found, () => false);
		let indexErrors = found.errors;
		const listed = new Set([...seen.values()].filter((e) => e.uncompressed).map((e) => e.offset));
		if (!recovered && objectHeaders(bytes).some((start) => !listed.has(start))) {
			// Objects outside the cross-reference (an older revision, a hidden object stream): the
			// index a repairing reader builds. Entries already read at the same place are not read again.
			const errorsBefore = found.errors;
			const index = new core.XRef(doc.stream, doc.pdfManager);
			try {
				index.setStartXRef(0);
				index.parse(true);
			} catch (error) {
				if (error instanceof core.PasswordException) found.encrypted = true;
			}
			walk(core, index, found, (num, entry) => {
				const known = seen.get(num);
				return (
					known !== undefined &&
					known.offset === entry.offset &&
					known.gen === entry.gen &&
					known.uncompressed === entry.uncompressed
				);
			});
			// A cross-reference entry that cannot be read is fine when the index reads that object.
			indexErrors = found.errors - errorsBefore;
		}
		const findings = [...found.script, ...found.active];
		if (found.encrypted) return { verdict: 'encrypted', findings: ['/Encrypt', ...findings] };
		if (found.script.size > 0) return { verdict: 'script', findings };
		if (found.active.size > 0) return { verdict: 'active', findings };
		if (indexErrors > 0) return { verdict: 'unreadable', findings };
		return { verdict: 'ok', findings };
	} catch (error) {
		if (error instanceof TooComplex) return { verdict: 'too_complex', findings: [] };
		return { verdict: 'unreadable', findings: [] };
	}
}

/**
 * This thread runs at the lowest CPU priority, so a busy check never takes a core from the event
 * loop that answers requests (Linux: a thread has its own nice value; elsewhere it stays as is).
 */
function lowerPriority() {
	try {
		const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
		if (Number.isInteger(tid) && tid > 0) setPriority(tid, 19);
	} catch {
		// No /proc (not Linux): the same priority as the rest of the process.
	}
}

async function loadCore() {
	const source = await readFile(
		/** @type {{ pdfjsWorker: string }} */ (workerData).pdfjsWorker,
		'utf8'
	);
	const code = `${source}\nexport { ${CORE.join(', ')} };\n`;
	const core = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
	core.setVerbosityLevel(0);
	return core;
}

if (parentPort && workerData?.pdfjsWorker) {
	const port = parentPort;
	lowerPriority();
	const core = await loadCore();
	port.on('message', (/** @type {{ bytes: Uint8Array, maxDecoded: number }} */ job) => {
		port.postMessage(check(core, new Uint8Array(job.bytes), job.maxDecoded));
	});
	port.postMessage('ready');
}
