// Many executions on one provider account (issue 19): N images through Cutout.pro Image → Remove
// Background by URL (default options, Continue On Fail on), provider latency L, behind a limiter that
// accepts 5 API requests in flight (more get 429 + Retry-After: 1, which the node really waits).
// The executions are started together by production webhooks in ONE `n8n start` process, the way
// a webhook or schedule per shop starts them: 1 execution of N items, 10 of N/10, 20 of N/20, and
// one execution at Concurrency 50 run twice in a row on the same account (the second may start from
// what the first learned).
//
// Side by side in one run: the package as built at a baseline commit (--baseline, default aa7e3fb:
// one limit per execution) in its own n8n user folder and process, beside this checkout's build in
// another. Both n8n processes run for the whole section; each scenario runs on the baseline, then
// on this checkout. Every scenario of a side has its own limiter and credential (its own provider
// account), so what one scenario taught a process cannot help the next; only the Concurrency 50
// pair shares one on purpose.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as env from '../lib/n8n/index.mjs';
import { ownerSession } from '../queue/cluster.mjs';
import { outputItems, prepareInstanceAt, runError, tasksOf } from './lib/instance.mjs';
import { startLimiter } from './lib/limiter.mjs';
import { API_KEY, isResultFile, PROVIDERS } from './lib/providers.mjs';
import { asWebhook, chain, credentialRef, node } from './lib/workflows.mjs';

/** What the provider accepts in flight; also the divisor of the limit (items × latency ÷ 5). */
const ACCEPTED = 5;
/** Goals of issue 19. */
export const GOALS = { timeFactor: 1.25, refusedShare: 0.1 };
export const DEFAULT_BASELINE = 'aa7e3fb';
const MEASURED = 'Remove BG (ours)';
const RUN_TIMEOUT_MS = 10 * 60_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The scenarios: `executions` started together, the items split evenly; `runs` in a row. */
export function scenarios(items) {
	return [
		{ key: 'one', executions: 1, runs: 1 },
		{ key: 'ten', executions: 10, runs: 1 },
		{ key: 'twenty', executions: 20, runs: 1 },
		{ key: 'c50', executions: 1, runs: 2, concurrency: 50 },
	].map((s) => ({
		...s,
		label:
			s.key === 'c50'
				? `1 × ${items}, Concurrency 50`
				: `${s.executions} × ${items / s.executions}${Number.isInteger(items / s.executions) ? '' : ' (uneven)'}`,
	}));
}

/** `items` split over `n` executions as evenly as possible. */
const split = (items, n) => Array.from({ length: n }, (_, i) => Math.floor(items / n) + (i < items % n ? 1 : 0));

function workflowFor(instance, scenario, credential) {
	const make = node(
		'Image URLs',
		'n8n-nodes-base.code',
		{
			jsCode:
				"const { count, tag } = $input.first().json.body;\nreturn Array.from({ length: count }, (_, i) => ({ json: { url: 'https://images.example.com/accounts/' + tag + '-' + i + '.jpg' } }));",
		},
		{ typeVersion: 2 },
	);
	const ours = node(
		MEASURED,
		instance.nodeType(PROVIDERS.cutoutPro.nodeName),
		{
			resource: 'image',
			operation: 'removeBackground',
			inputType: 'url',
			imageUrl: '={{ $json.url }}',
			...(scenario.concurrency ? { options: { concurrency: scenario.concurrency } } : {}),
		},
		{ credentials: credentialRef(PROVIDERS.cutoutPro.credentialType, credential), onError: 'continueRegularOutput' },
	);
	const wf = asWebhook(chain(`accounts ${scenario.key}`, [make, ours]), `accounts-${scenario.key}`);
	return { ...wf, id: env.makeId(), name: `accounts ${scenario.label}` };
}

/**
 * One side: its instance, an n8n server, one limiter + credential + published webhook workflow per
 * scenario.
 */
async function prepareSide({ key, label, commit, instance, fake, list, log }) {
	const limiters = {};
	const creds = [];
	for (const s of list) {
		limiters[s.key] = await startLimiter({ target: fake.baseUrl, limit: ACCEPTED, exempt: isResultFile, errorBody: { error: 'Too Many Requests' } });
		creds.push({ id: env.makeId(), name: `accounts ${key} ${s.key}`, type: PROVIDERS.cutoutPro.credentialType, data: { apiKey: API_KEY, baseUrl: limiters[s.key].url } });
	}
	const side = { key, label, commit, instance, limiters, workflows: {}, seen: new Set() };
	try {
		await instance.importCredentials(creds);
		const dir = mkdtempSync(join(tmpdir(), 'bench-accounts-'));
		try {
			for (const [i, s] of list.entries()) {
				side.workflows[s.key] = workflowFor(instance, s, creds[i]);
				writeFileSync(join(dir, `${s.key}.json`), JSON.stringify({ ...side.workflows[s.key], active: false }));
			}
			await env.importWorkflowsFromDir(instance.userFolder, dir, { env: instance.env });
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
		log(`accounts: starting n8n for ${label}`);
		side.n8n = await instance.startN8n();
		const flatted = createRequire(join(env.N8N_INSTALL_DIR, 'node_modules/n8n/package.json'))('flatted');
		side.session = await ownerSession(side.n8n.url, { flatted });
		for (const wf of Object.values(side.workflows)) {
			await side.session.activate(wf.id);
			await env.waitForWebhooks(instance.userFolder, wf.id);
		}
		return side;
	} catch (error) {
		await closeSide(side);
		throw error;
	}
}

async function closeSide(side) {
	await side.n8n?.stop();
	for (const l of Object.values(side.limiters)) await l.close();
}

/** Waits until `count` executions of the workflow that this side has not seen yet are finished. */
async function newExecutions(side, workflowId, count) {
	const deadline = Date.now() + RUN_TIMEOUT_MS;
	for (;;) {
		const fresh = (await side.session.executions(workflowId)).filter((e) => !side.seen.has(e.id));
		if (fresh.length >= count && fresh.every((e) => !['new', 'running', 'waiting', 'unknown'].includes(e.status))) {
			for (const e of fresh) side.seen.add(e.id);
			return await Promise.all(fresh.map((e) => side.session.execution(e.id)));
		}
		if (Date.now() > deadline) throw new Error(`${fresh.length} of ${count} executions of ${workflowId} finished after ${RUN_TIMEOUT_MS} ms`);
		await sleep(250);
	}
}

/** Starts the scenario's executions together through their production webhook and measures them. */
async function runScenario(side, scenario, run, { items, latencyMs, loadavg, log }) {
	const limiter = side.limiters[scenario.key];
	const wf = side.workflows[scenario.key];
	// counters only: a second run on the same account keeps whatever n8n learned in the first
	limiter.reset();
	const counts = split(items, scenario.executions);
	const load = loadavg();
	const t0 = performance.now();
	const replies = await Promise.all(
		counts.map(async (count, i) => {
			const r = await fetch(`${side.n8n.url}/webhook/${wf.nodes[0].parameters.path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ count, tag: `${side.key}-${scenario.key}-${run}-${i}` }),
				signal: AbortSignal.timeout(RUN_TIMEOUT_MS),
			});
			const text = await r.text();
			return { status: r.status, text: text.slice(0, 200), ms: performance.now() - t0 };
		}),
	);
	const clientMs = Math.max(...replies.map((r) => r.ms));
	const executions = await newExecutions(side, wf.id, scenario.executions);
	let first = Infinity;
	let last = -Infinity;
	const perExecution = [];
	let itemsOut = 0;
	const failedItems = [];
	const runErrors = [];
	for (const e of executions) {
		const run0 = { data: e.data };
		let start = Infinity;
		let end = -Infinity;
		for (const name of Object.keys(e.data?.resultData?.runData ?? {})) {
			for (const task of tasksOf(run0, name)) {
				start = Math.min(start, task.startTime);
				end = Math.max(end, task.startTime + task.executionTime);
			}
		}
		first = Math.min(first, start);
		last = Math.max(last, end);
		perExecution.push({ id: e.id, status: e.status, ms: end - start });
		const out = outputItems(run0, MEASURED);
		itemsOut += out.length;
		failedItems.push(...out.filter((item) => item.json.error));
		const err = runError(run0);
		if (err) runErrors.push(`${e.id}: ${err}`);
	}
	const spans = perExecution.map((p) => p.ms).sort((a, b) => a - b);
	const limitMs = (items * latencyMs) / ACCEPTED;
	const entry = {
		side: side.key,
		scenario: scenario.key,
		label: scenario.label,
		run,
		executions: scenario.executions,
		concurrency: scenario.concurrency ?? null,
		items,
		itemsOut,
		failed: failedItems.length,
		firstError: failedItems[0]?.json.error,
		runErrors,
		statuses: Object.fromEntries([...new Set(perExecution.map((p) => p.status))].map((s) => [s, perExecution.filter((p) => p.status === s).length])),
		webhookReplies: Object.fromEntries([...new Set(replies.map((r) => r.status))].map((s) => [s, replies.filter((r) => r.status === s).length])),
		apiRequests: limiter.stats.total,
		refused: limiter.stats.rejected,
		maxInFlight: limiter.stats.maxInFlight,
		ms: last - first,
		clientMs: Math.round(clientMs),
		limitMs,
		executionMs: { fastest: spans[0], median: spans[Math.floor(spans.length / 2)], slowest: spans[spans.length - 1] },
		load1: load,
	};
	const pct = (100 * entry.refused) / Math.max(1, entry.apiRequests);
	log(
		`  ${side.key} ${scenario.label}${scenario.runs > 1 ? ` run ${run}` : ''}: ${(entry.ms / 1000).toFixed(2)} s (${(entry.ms / limitMs).toFixed(2)} × limit), ` +
			`${entry.itemsOut} items, ${entry.failed} failed, ${entry.apiRequests} API requests, ${entry.refused} refused (${pct.toFixed(0)} %), max ${entry.maxInFlight} in flight, load ${load.toFixed(2)}`,
	);
	return entry;
}

export async function measureAccounts({ instance, options, log, loadavg }) {
	const { items, latencyMs } = options;
	const baselineRef = options.baseline ?? DEFAULT_BASELINE;
	const list = scenarios(items);
	const git = (...a) => spawnSync('git', a, { cwd: env.REPO_DIR, encoding: 'utf8' });
	const head = git('rev-parse', 'HEAD').stdout.trim();
	log(`accounts: building the baseline ${baselineRef}`);
	const baseline = prepareInstanceAt(baselineRef);
	// whether the two sides run different node code at all (until issue 19 lands, they do not)
	const sameCode = git('diff', '--quiet', baseline.commit, '--', 'nodes', 'credentials').status === 0;
	const fake = await PROVIDERS.cutoutPro.start(instance.fake, latencyMs);
	const sides = [];
	const runs = [];
	try {
		sides.push(await prepareSide({ key: 'baseline', label: `${baselineRef} (${baseline.commit.slice(0, 7)})`, commit: baseline.commit, instance: baseline, fake, list, log }));
		sides.push(await prepareSide({ key: 'current', label: `this checkout (${head.slice(0, 7)}${sameCode ? '' : ' + changes'})`, commit: head, instance, fake, list, log }));
		for (const scenario of list) {
			log(`accounts: ${scenario.label}${scenario.runs > 1 ? `, ${scenario.runs} runs in a row` : ''}`);
			for (const side of sides) {
				for (let run = 1; run <= scenario.runs; run++) runs.push(await runScenario(side, scenario, run, { items, latencyMs, loadavg, log }));
			}
		}
	} finally {
		for (const side of sides) await closeSide(side);
		await fake.close();
		baseline.cleanup();
	}
	return {
		items,
		latencyMs,
		accepted: ACCEPTED,
		limitMs: (items * latencyMs) / ACCEPTED,
		goals: GOALS,
		baseline: { ref: baselineRef, commit: baseline.commit },
		current: { commit: head, dirty: git('status', '--porcelain', '--', 'nodes', 'credentials').stdout.trim() !== '' },
		sameCode,
		scenarios: list,
		sides: sides.map((s) => ({ key: s.key, label: s.label })),
		runs,
	};
}

/** The results as Markdown: one row per scenario, run and side, goals checked per row. */
export function accountsSection(result) {
	const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
	const limit = result.limitMs;
	const label = Object.fromEntries(result.sides.map((side) => [side.key, side.key === 'baseline' ? `before (${result.baseline.ref})` : 'this checkout']));
	const lines = [
		`${result.items} images through Cutout.pro Image → Remove Background by URL (default options, Continue On Fail on), provider latency ${result.latencyMs} ms, ` +
			`the provider accepts ${result.accepted} API requests in flight (more get 429 + Retry-After: 1, really waited). ` +
			'The executions of a row are started together by production webhooks in one `n8n start` process (regular mode, SQLite) and split the images evenly. ' +
			`Limit = items × latency ÷ ${result.accepted} = ${s(limit)}. Goals: 0 failed items; time ≤ ${result.goals.timeFactor} × limit = ${s(result.goals.timeFactor * limit)}; refused ≤ ${100 * result.goals.refusedShare} % of API requests.`,
		'',
		`"before" is the package built at ${result.baseline.ref} (${result.baseline.commit.slice(0, 7)}), "this checkout" is ${result.current.commit.slice(0, 7)}${result.current.dirty ? ' with uncommitted changes in nodes/' : ''}; each ran in its own n8n process in the same bench run, every row on its own provider account (limiter + credential), except that the two Concurrency 50 runs share one.` +
			(result.sameCode ? ' **Both sides ran the same node code** (nodes/ and credentials/ do not differ from the baseline).' : ''),
		'',
		'Time = first execution\'s start to last execution\'s end (run data); per execution = fastest / slowest execution\'s own time. Max in flight is what the limiter accepted at once (it refuses anything above 5).',
		'',
		'| Executions × items | Code | Run | Failed items | API requests | Refused | Time | ÷ limit | Per execution | Max in flight | Goals |',
		'|---|---|---|---|---|---|---|---|---|---|---|',
	];
	for (const r of result.runs) {
		const refusedPct = (100 * r.refused) / Math.max(1, r.apiRequests);
		const bad = r.failed > 0 || r.runErrors.length > 0 || r.itemsOut !== r.items;
		const goals = [
			bad ? `${r.failed} failed ✗` : '0 failed ✓',
			r.ms <= result.goals.timeFactor * limit ? 'time ✓' : 'time ✗',
			r.refused <= result.goals.refusedShare * r.apiRequests ? 'refused ✓' : 'refused ✗',
		].join(', ');
		const failed = `${r.failed}${r.itemsOut !== r.items ? ` (${r.itemsOut} of ${r.items} items out)` : ''}${r.firstError ? ` (${r.firstError})` : ''}${r.runErrors.length ? ` (run error: ${r.runErrors[0]})` : ''}`;
		lines.push(
			`| ${r.label} | ${label[r.side]} | ${r.run} | ${failed} | ${r.apiRequests} | ${r.refused} (${refusedPct.toFixed(0)} %) | ${s(r.ms)} | ${(r.ms / limit).toFixed(2)} | ${s(r.executionMs.fastest)} / ${s(r.executionMs.slowest)} | ${r.maxInFlight} | ${goals} |`,
		);
	}
	const c50 = result.runs.filter((r) => r.scenario === 'c50');
	const c50Pct = (side) => {
		const rs = c50.filter((r) => r.side === side);
		const total = rs.reduce((a, r) => a + r.apiRequests, 0);
		const refused = rs.reduce((a, r) => a + r.refused, 0);
		return total ? `${refused} of ${total} (${((100 * refused) / total).toFixed(0)} %)` : '—';
	};
	lines.push(
		'',
		`Concurrency 50, both runs together: refused ${c50Pct('baseline')} before, ${c50Pct('current')} with this checkout.`,
		'',
		'1-minute load average when each row started: ' + result.runs.map((r) => `${r.label}${r.run > 1 ? ` run ${r.run}` : ''} ${label[r.side]} ${r.load1.toFixed(2)}`).join('; ') + '.',
	);
	return lines.join('\n');
}
