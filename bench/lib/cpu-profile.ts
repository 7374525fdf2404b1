import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount?: number;
	children?: number[];
}

interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

/** A stretch of the profiled process's run, in µs of the monotonic clock (process.hrtime). */
export interface ProfileWindow {
	label: string;
	fromUs: number;
	toUs: number;
}

/** Now on the clock V8 stamps its samples with (CLOCK_MONOTONIC, µs). */
export function monotonicUs(): number {
	return Number(process.hrtime.bigint() / 1000n);
}

/** Where a frame's code lives, short: a package, the app's server bundle, or Node itself. */
function placeOf(url: string): string {
	if (!url) return '(native)';
	if (url.startsWith('node:')) return url;
	const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
	if (pkg) return pkg[1]!;
	const own = /\/(build[^/]*|bench\/\.out\/[^/]+)\/(.+)$/.exec(url);
	return own ? `app:${own[2]}` : url.replace(/^file:\/\//, '');
}

function summarize(
	profile: CpuProfile,
	title: string,
	top: number,
	window?: { fromUs: number; toUs: number }
): string {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const selfUs = new Map<number, number>();
	let at = profile.startTime;
	profile.samples.forEach((id, i) => {
		const delta = profile.timeDeltas[i] ?? 0;
		at += delta;
		if (window && (at < window.fromUs || at > window.toUs)) return;
		selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
	});
	const total = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
	const byFunction = new Map<string, number>();
	const byPlace = new Map<string, number>();
	for (const [id, us] of selfUs) {
		const frame = byId.get(id)!.callFrame;
		const place = placeOf(frame.url);
		const fn = `${frame.functionName || '(anonymous)'} ${place}:${frame.lineNumber + 1}`;
		byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
		byPlace.set(place, (byPlace.get(place) ?? 0) + us);
	}
	const lines = (m: Map<string, number>) =>
		[...m]
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(([k, us]) => `  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
	return [
		`${title}: ${(total / 1e6).toFixed(1)} s of samples`,
		'self time by where the code lives:',
		...lines(byPlace),
		'self time by function:',
		...lines(byFunction)
	].join('\n');
}

/**
 * The self time of a `node --cpu-prof` profile, summed by function and by where the code lives
 * (package, node: module, the app's bundle): a flat flame graph in text, for a closing note.
 * With `windows`, one summary per stretch of the run (e.g. one per load, start-up left out).
 */
export function summarizeCpuProfile(dir: string, top = 15, windows: ProfileWindow[] = []): string {
	const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
	if (!file) return `no .cpuprofile in ${dir}`;
	const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
	if (!windows.length) return summarize(profile, `CPU profile ${file}`, top);
	return windows
		.map((w) => summarize(profile, `CPU profile ${file}, ${w.label}`, top, w))
		.join('\n');
}
