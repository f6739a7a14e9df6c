// Reads a V8 .cpuprofile (node --cpu-prof) and attributes sampled CPU time to code locations:
// self time per package/file, and time spent in stacks that pass through given code.
import { readFileSync } from 'node:fs';

export function loadProfile(file) {
	const profile = JSON.parse(readFileSync(file, 'utf8'));
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	return { profile, byId, parent };
}

/** `package` of a script URL: the last node_modules/<pkg> segment, else the file's path. */
export function packageOf(url) {
	if (!url) return '(native)';
	const m = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
	return m ? m[1] : url.replace(/^file:\/\//, '');
}

/**
 * Sums sample time (µs) by the leaf frame's package, and by whether the stack passes through a
 * frame whose URL matches `through` (e.g. our package's dist folder).
 */
export function attribute({ profile, byId, parent }, { through } = {}) {
	const self = new Map();
	const viaThrough = { us: 0 };
	const leafThrough = new Map();
	let total = 0;
	const { samples, timeDeltas } = profile;
	for (let i = 0; i < samples.length; i++) {
		const dt = timeDeltas[i + 1] ?? 0;
		const leaf = byId.get(samples[i]);
		const name = leaf.callFrame.functionName;
		if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') {
			self.set(name, (self.get(name) ?? 0) + dt);
			if (name !== '(idle)') total += dt;
			continue;
		}
		total += dt;
		const pkg = packageOf(leaf.callFrame.url);
		self.set(pkg, (self.get(pkg) ?? 0) + dt);
		if (through) {
			for (let id = samples[i]; id !== undefined; id = parent.get(id)) {
				if (through.test(byId.get(id).callFrame.url)) {
					viaThrough.us += dt;
					leafThrough.set(pkg, (leafThrough.get(pkg) ?? 0) + dt);
					break;
				}
			}
		}
	}
	return { total, self, viaThrough: viaThrough.us, leafThrough };
}

/**
 * Self time by leaf function (package + name) of the samples taken inside the given windows
 * ({ startUs, endUs } on the profile's clock, e.g. the overhead benchmark's `windows`).
 */
export function selfInWindows({ profile, byId }, windows) {
	const out = new Map();
	let t = profile.startTime;
	for (let i = 0; i < profile.samples.length; i++) {
		t += profile.timeDeltas[i];
		if (!windows.some((w) => t >= w.startUs && t <= w.endUs)) continue;
		const frame = byId.get(profile.samples[i]).callFrame;
		if (frame.functionName === '(idle)') continue;
		const key = `${packageOf(frame.url).replace(/.*\/work\/[^/]+\//, '')} ${frame.functionName}`;
		out.set(key, (out.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
	}
	return out;
}

// node test/bench/lib/cpuprofile.mjs <file.cpuprofile> [regex of code to attribute through]
// e.g. after `n8n execute` with --cpu-prof: which packages the CPU went to, and how much of it ran
// under our package's frames (default: n8n-nodes-background-removal/dist).
if (import.meta.url === `file://${process.argv[1]}`) {
	const [file, through = 'n8n-nodes-background-removal/dist'] = process.argv.slice(2);
	const a = attribute(loadProfile(file), { through: new RegExp(through) });
	const top = (m) =>
		[...m.entries()]
			.sort((x, y) => y[1] - x[1])
			.slice(0, 25)
			.map(([k, v]) => `${(v / 1000).toFixed(1).padStart(9)} ms  ${k}`)
			.join('\n');
	console.log(`CPU (not idle): ${(a.total / 1000).toFixed(0)} ms\n${top(a.self)}`);
	console.log(`\nunder frames matching /${through}/: ${(a.viaThrough / 1000).toFixed(0)} ms\n${top(a.leafThrough)}`);
}
