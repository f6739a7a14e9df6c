// npm run bench:workers — the account limit at worker scale (issue 30), simulated in virtual time
// with the real limiter code (test/bench/workers-sim.ts): 1–32 processes against a provider that
// accepts 5, 20 or 50 requests in flight, long runs and bursts. Takes a minute or two; writes
// test/bench/results/workers/RESULTS.md and raw.json (--out=<dir> elsewhere, --quick for short runs,
// --seed=<n> for other random draws).
//
// Node 20 runs no TypeScript: the sim and the node code it uses are transpiled (typescript's
// transpileModule: each file on its own, as npm test's swc does) into
// node_modules/.cache/bench-workers, where n8n-workflow resolves from the repository's node_modules.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const ts = require('typescript');

const arg = (name, fallback) => {
	const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
	return hit ? hit.slice(name.length + 3) : fallback;
};
const quick = process.argv.includes('--quick');
/** Another seed gives other random draws (latencies, network, phases): a check that a rule does not fit one draw. */
const seed = Number(arg('seed', '1'));
const outDir = resolve(REPO, arg('out', 'test/bench/results/workers'));

/** Transpiles the sim and what it imports (relative imports, followed) and loads it. */
function load() {
	const cache = join(REPO, 'node_modules/.cache/bench-workers');
	const seen = new Set();
	const visit = (file) => {
		if (seen.has(file)) return;
		seen.add(file);
		const source = readFileSync(file, 'utf8');
		const { outputText } = ts.transpileModule(source, {
			compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
			fileName: file,
		});
		const out = join(cache, file.slice(REPO.length + 1)).replace(/\.ts$/, '.js');
		mkdirSync(dirname(out), { recursive: true });
		// A new file, not a write into the old one: worktrees made with `cp -al` share its inode.
		rmSync(out, { force: true });
		writeFileSync(out, outputText);
		for (const [, spec] of source.matchAll(/from '(\.[^']+)'/g)) visit(resolve(dirname(file), `${spec}.ts`));
	};
	visit(join(REPO, 'test/bench/workers-sim.ts'));
	return require(join(cache, 'test/bench/workers-sim.js'));
}

const sim = load();
const pct = (x) => `${(100 * x).toFixed(1)} %`;
const rows = [];
const started = Date.now();
const load0 = loadavg()[0];
for (const mode of ['long', 'burst']) {
	for (const limit of sim.LIMITS) {
		for (const processes of sim.PROCESSES) {
			const t0 = Date.now();
			const r = await sim.simulate({ processes, limit, mode, seed, ...(quick ? { durationMs: 5 * 60_000 } : {}) });
			const g = sim.goals(r);
			rows.push(r);
			console.error(
				`[workers] ${mode} ${processes} × ${limit}: refused ${pct(r.refusedShare)}, throughput ${pct(r.throughput)} (bound ${pct(r.bound)}), lost ${r.lost}, ` +
					`${mode === 'long' ? `converged ${r.convergeS} s` : `burst ${r.burstS.toFixed(1)} s (ideal ${r.burstIdealS.toFixed(1)} s)`}, spread ${pct(r.spread)} ${Object.values(g).every(Boolean) ? '✓' : '✗'} (${Date.now() - t0} ms)`,
			);
		}
	}
}

// One process meeting a new account with 200 items at once (the shared-account bench's case, in
// virtual time): executions × Concurrency in flight at most; the time ÷ the least possible.
const cold = [];
for (const perProcess of [5, 50, 100]) {
	const r = await sim.simulate({ processes: 1, limit: 5, mode: 'burst', burstItems: 200, warmUpMs: 0, idleMs: 0, perProcess, seed });
	cold.push(r);
	console.error(`[workers] new account, 1 process, ${perProcess} at most in flight × 5: refused ${pct(r.refusedShare)}, ${(r.burstS / r.burstIdealS).toFixed(2)} × the least time`);
}

const check = (r) => {
	const g = sim.goals(r);
	return [g.lost ? '' : 'lost', g.refused ? '' : 'refused', g.throughput ? '' : 'throughput'].filter(Boolean);
};
const table = (mode) => {
	const lines = [
		mode === 'long'
			? '| Processes × provider limit | Requests | Refused | Lost | Throughput ÷ limit | Erlang bound at that refusal rate (at 10 %) | Converged after | Spread between processes | Goals |'
			: '| Processes × provider limit | Items | Requests | Refused | Lost | Throughput ÷ limit | Erlang bound at that refusal rate (at 10 %) | Burst took (least possible) | Spread between processes | Goals |',
		mode === 'long' ? '|---|---|---|---|---|---|---|---|---|' : '|---|---|---|---|---|---|---|---|---|---|',
	];
	for (const r of rows.filter((row) => row.scenario.mode === mode)) {
		const misses = check(r);
		const goals = misses.length ? `✗ ${misses.join(', ')}` : '✓';
		const head = `| ${r.scenario.processes} × ${r.scenario.limit} |`;
		const common = `${r.sent} | ${pct(r.refusedShare)} | ${r.lost} | ${pct(r.throughput)} | ${pct(r.bound)} (${pct(r.boundAt10)}) |`;
		lines.push(
			mode === 'long'
				? `${head} ${common} ${r.convergeS} s | ${pct(r.spread)} | ${goals} |`
				: `${head} ${r.scenario.burstItems} | ${common} ${r.burstS.toFixed(1)} s (${r.burstIdealS.toFixed(1)} s) | ${pct(r.spread)} | ${goals} |`,
		);
	}
	return lines.join('\n');
};

const failing = rows.filter((r) => check(r).length);
const md = [
	'# The account limit at worker scale',
	'',
	`Generated by \`npm run bench:workers\`${quick ? ' --quick' : ''} (test/bench/workers.mjs → test/bench/workers-sim.ts) on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, in ${((Date.now() - started) / 1000).toFixed(0)} s of real time (${cpus().length} cores, load average ${load0.toFixed(2)} at the start). Raw data: [raw.json](raw.json).`,
	'',
	'**Method.** N processes (queue-mode workers), each with its own `AccountLimit` — the real code of `nodes/shared/limiter.ts` — and each request through the refusal loop of `nodes/shared/http.ts` (`RefusalBudget`: the Retry-After wait, at least 500 ms; back first in line; at most 600 refusals or 10 minutes), against one provider account that accepts `limit` requests in flight and answers 429 + `Retry-After: 1` at once above it. A request the provider accepts takes 150–450 ms (uniform, mean 300 ms). Every process can keep `limit` requests in flight (it could fill the provider alone). Time is virtual: a discrete-event clock drives every wait, so the figures do not depend on the machine, and a seed makes them repeatable.',
	'',
	`- **Long run**: every process always has work, from a cold start (no process knows the limit), for ${quick ? 5 : 15} virtual minutes; the figures cover the whole run, the cold start included. *Converged after*: from then on, every 10 s window has ≤ 10 % refused and at least 80 % of the run's median throughput.`,
	'- **Burst**: the processes work for 3 minutes (they learn the limit), sit idle for a minute, then get 40 × limit items in all at once, split evenly; the figures cover the burst alone.',
	'- **Throughput ÷ limit**: requests in flight at the provider on average (its busy time) ÷ its limit. **Erlang bound**: the most that senders sharing nothing (Poisson arrivals, the Erlang loss system) can use of `limit` places with the same share refused as the row measured, read at no less than 3 ÷ requests (n requests with none refused cannot tell the rate from anything below 3/n, its 95 % upper limit; at 0 the bound is 0 and a row that refuses nothing would meet the goal however slow) (Erlang B solved for the offered load; in brackets the same at 10 % refused: 52 % of 5, 79 % of 20, 89 % of 50). Goal per row (issue 30): 0 lost, ≤ 10 % refused, throughput ≥ 90 % of the bound at the row\'s refusal rate. **Spread**: items done per process, (most − fewest) ÷ mean.',
	'',
	'## Long runs',
	'',
	table('long'),
	'',
	'## Bursts',
	'',
	table('burst'),
	'',
	failing.length ? `**${failing.length} rows miss a goal.**` : '**Every row meets its goals.**',
	'',
	'## One process, a new account',
	'',
	'200 items at once against a provider limit of 5, from a new account (nothing learned), in one process that may keep 5, 50 or 100 requests in flight (one execution at Concurrency 5, or 10 and 20 executions: the shared-account bench of `npm run bench -- --only=accounts` without n8n around it).',
	'',
	'| At most in flight | Requests | Refused | Lost | Took (least possible) | Time ÷ least possible |',
	'|---|---|---|---|---|---|',
	...cold.map((r) => `| ${r.scenario.perProcess} | ${r.sent} | ${pct(r.refusedShare)} | ${r.lost} | ${r.burstS.toFixed(1)} s (${r.burstIdealS.toFixed(1)} s) | ${(r.burstS / r.burstIdealS).toFixed(2)} |`),
	'',
].join('\n');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'RESULTS.md'), md);
writeFileSync(join(outDir, 'raw.json'), JSON.stringify({ quick, load: load0, rows, cold }, null, 1));
console.error(`[workers] wrote ${join(outDir, 'RESULTS.md')}${failing.length ? `; ${failing.length} rows miss a goal` : ''}`);
