#!/usr/bin/env node
// End-to-end tests against a real n8n 2.41.1 (npm run test:e2e).
//
//   node test/e2e/run.mjs [--only=<substring>] [--skip-sample] [--keep]
//   node test/e2e/run.mjs --packages [--package=<name>] [--only=<substring>] [--keep]
//
// 1. installs the harness if needed (scripts/harness-install.sh, a no-op when installed);
// 2. proves the harness mechanics with a throwaway sample package (test/e2e/sample/);
// 3. when test/e2e/cases/*.mjs exist: builds + packs this package, installs it into a fresh
//    user folder the way n8n installs community packages, compiles the fake provider servers
//    (test/fakes, via test/e2e/tsconfig.fakes.json) and runs every case. See test/e2e/README.md.
//
// --packages: instead of 3., packs the all-in-one and takes each provider package's tarball from
// its generated repository (npm run release:check leaves them in .tmp/release/tarballs; without
// them each is staged from this repository), installs each ALONE into its own fresh user folder
// and runs its own rows (PACKAGE_TIER_CASES: it loads, its requires, its operation rows), then
// installs the all-in-one beside a provider package (coexistence).
//
// Every n8n runs with SSRF protection on (n8n v3's default), the local fakes allowed through
// n8n's own allow-list (N8N_SSRF_ALLOWED_IP_RANGES) and nothing else.
//
// Runs on Node 20 (node:test); n8n itself runs on the harness's Node 24.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';

import * as env from '../../scripts/n8n-env.mjs';
import { PROVIDER_PACKAGES, packAll } from '../../scripts/packages.mjs';
import { fakeName, provider } from '../../scripts/providers.mjs';
import { SSRF_E2E_ENV, installedTypes } from './cases/_lib.mjs';
import { registerSampleTests } from './sample/mechanics.mjs';

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const keep = args.includes('--keep') || process.env.E2E_KEEP === '1';
const skipSample = args.includes('--skip-sample');
const packagesMode = args.includes('--packages');
const onlyPackage = args.find((a) => a.startsWith('--package='))?.slice('--package='.length);

// n8n v3's default; the fakes listen on 127.0.0.1 and are let through by n8n's allow-list only
Object.assign(process.env, SSRF_E2E_ENV);

env.ensureHarness();

if (!packagesMode && !skipSample && (!only || 'sample'.includes(only))) registerSampleTests({ keep });

// ------------------------------------------------------------------ per-provider cases
const casesDir = join(env.REPO_DIR, 'test/e2e/cases');
const caseFiles = existsSync(casesDir)
	? readdirSync(casesDir)
			.filter((f) => f.endsWith('.mjs') && !f.startsWith('_'))
			.sort()
	: [];
const cases = [];
for (const file of caseFiles) {
	const mod = await import(pathToFileURL(join(casesDir, file)).href);
	const list = Array.isArray(mod.default) ? mod.default : [mod.default];
	for (const c of list) {
		if (!c) continue;
		const name = c.name ?? file;
		if (only && !name.includes(only) && !file.includes(only)) continue;
		cases.push({ ...c, name, file });
	}
}

if (cases.length > 0 && !packagesMode) {
	describe(`package e2e (${cases.length} case${cases.length === 1 ? '' : 's'})`, () => {
		/** @type {Record<string, any>} shared by all cases */
		const h = {};
		before(() => {
			h.userFolder = env.makeUserFolder('n8n-e2e-pkg-');
			const installed = env.packAndInstall(h.userFolder, { build: process.env.E2E_NO_BUILD !== '1' });
			h.packageName = installed.name;
			h.installed = installedTypes(installed.dir);
			h.fakesDir = env.compileFakes();
		});
		after(() => cleanupUserFolder(h));
		for (const c of cases) registerCase(h, c);
	});
}

/** The case files a provider package installed alone runs (each picks the rows of its nodes). */
const PACKAGE_TIER_CASES = ['package-loads.mjs', 'runtime-imports.mjs', 'operations.mjs'];

if (packagesMode) {
	// the provider packages as their generated repositories pack them, when npm run release:check made them
	const treeTarballs = join(env.REPO_DIR, '.tmp/release/tarballs/packages.json');
	const packed = packAll({
		build: process.env.E2E_NO_BUILD !== '1',
		log: (m) => console.error(m),
		treeTarballs: existsSync(treeTarballs) ? treeTarballs : undefined,
	});
	for (const p of packed.slice(1)) console.error(`[e2e packages] ${p.name}: ${p.fromTree ? 'tarball of its generated repository' : 'staged from this repository'}`);
	const fakesDir = env.compileFakes();
	for (const p of PROVIDER_PACKAGES) {
		if (onlyPackage && onlyPackage !== p.name) continue;
		const tarball = packed.find((x) => x.name === p.name);
		describe(`${p.name} installed alone`, () => {
			const h = { fakesDir };
			before(() => {
				h.userFolder = env.makeUserFolder('n8n-e2e-alone-');
				const installed = env.installTarball(h.userFolder, tarball.tgz);
				h.tarball = tarball.tgz;
				h.packageName = installed.name;
				h.installed = installedTypes(installed.dir);
			});
			after(() => cleanupUserFolder(h));
			// its own rows only: it loads, requires only what n8n provides, and every operation row of its
			// nodes passes. The examples, the trigger's abuse and burst checks, the Docker layout and the
			// Binary File case run the same code in the all-in-one tier (and took most of this tier's time).
			for (const c of cases.filter((x) => PACKAGE_TIER_CASES.includes(x.file))) {
				registerCase(h, c, { skipUnless: (needs) => needs.every((n) => h.installed.nodes.has(n)) });
			}
		});
	}
	if (!onlyPackage && (!only || 'coexistence'.includes(only))) {
		const { registerCoexistenceTests } = await import('./packages/coexistence.mjs');
		registerCoexistenceTests({ packed, fakesDir, keep, makeCaseContext });
	}
}

function cleanupUserFolder(h) {
	if (!keep && h.userFolder) rmSync(h.userFolder, { recursive: true, force: true });
	else if (h.userFolder) console.error(`kept user folder ${h.userFolder}`);
}

/** Registers one case; `skipUnless(needs)` decides at run time whether the installed package has what it needs. */
function registerCase(h, c, { skipUnless } = {}) {
	test(c.name, { timeout: c.timeoutMs ?? 180_000, skip: c.skip }, async (t) => {
		if (skipUnless && !skipUnless(c.needs ?? [])) {
			t.skip(`${h.packageName} lacks ${c.needs.join(', ')}`);
			return;
		}
		const ctx = makeCaseContext(h, t);
		try {
			if (c.setup) await c.setup(ctx);
			if (c.run) {
				await c.run(ctx, t);
				return;
			}
			const creds = typeof c.credentials === 'function' ? await c.credentials(ctx) : (c.credentials ?? []);
			if (creds.length) ctx.credentials = await ctx.importCredentials(creds);
			const wf = typeof c.workflow === 'function' ? await c.workflow(ctx) : c.workflow;
			assert.ok(wf, `case "${c.name}" has neither run() nor workflow`);
			const workflowId = await ctx.importWorkflow(wf);
			const result = { workflowId };
			if (!c.trigger || c.trigger === 'execute') {
				result.run = await ctx.executeWorkflow(workflowId);
				t.diagnostic(`n8n execute ${result.run.cli.durationMs} ms, status ${result.run.status}`);
			} else if (c.trigger.webhook) {
				await ctx.publishWorkflow(workflowId);
				const n8n = await ctx.startN8n({ webhooksOf: [workflowId] });
				try {
					const w = c.trigger.webhook;
					const url = `${n8n.url}/${w.test ? 'webhook-test' : 'webhook'}/${w.path}`;
					const body = typeof w.body === 'function' ? await w.body(ctx) : w.body;
					result.response = await fetch(url, {
						method: w.method ?? 'POST',
						headers: w.headers ?? (body && typeof body === 'object' && !(body instanceof Uint8Array) ? { 'content-type': 'application/json' } : {}),
						body: body && typeof body === 'object' && !(body instanceof Uint8Array) ? JSON.stringify(body) : body,
					});
					result.responseBody = Buffer.from(await result.response.arrayBuffer());
					result.executions = await ctx.waitForExecutions(
						(l) => l.length >= (w.expectExecutions ?? 1) && l.every((e) => e.finished || e.status !== 'running'),
						{ workflowId, timeoutMs: w.timeoutMs ?? 60_000 },
					);
				} finally {
					await n8n.stop();
				}
			} else {
				throw new Error(`case "${c.name}": unknown trigger ${JSON.stringify(c.trigger)}`);
			}
			if (c.assert) await c.assert(result, ctx);
		} finally {
			for (const fn of ctx.cleanups.reverse()) await fn();
			if (c.teardown) await c.teardown(ctx);
		}
	});
}

/** What a case gets as `h`: shared user folder + helpers bound to it. */
function makeCaseContext(shared, t) {
	const { userFolder } = shared;
	const ctx = {
		t,
		assert,
		userFolder,
		packageName: shared.packageName,
		/** the provider package's tarball (packages mode), for cases that set up a user folder of their own */
		tarball: shared.tarball,
		/** { nodes: Set<description name>, credentials: Set<credential type> } of the installed package */
		installed: shared.installed,
		/** true when the installed package has every node type of `workflowNodes` that is its own */
		hasNodesOf: (workflowNodes) =>
			workflowNodes.every(
				(n) => !n.type.startsWith(`${shared.packageName}.`) || shared.installed.nodes.has(n.type.slice(shared.packageName.length + 1)),
			),
		/** `<package name>.<node description name>`, the type string in workflow JSON */
		nodeType: (name) => `${shared.packageName}.${name}`,
		fakesDir: shared.fakesDir,
		/** require() a compiled fake: ctx.fake('cutout-pro') → .tmp/fakes/test/fakes/cutout-pro.js */
		fake: (name) => {
			assert.ok(shared.fakesDir, 'no compiled fakes (test/fakes/*.ts missing?)');
			return createRequire(join(shared.fakesDir, 'index.js'))(`./${name}.js`);
		},
		/** starts provider `id`'s fake (providers.manifest.ts names its module and start function) */
		startFake: (id, options) => ctx.fake(fakeName(provider(id)))[provider(id).fake.start](options),
		/** provider `id`'s credential type */
		credentialType: (id) => provider(id).credential.type,
		cleanups: [],
		/** register an async cleanup (e.g. stop a fake server); runs after the case */
		onCleanup: (fn) => ctx.cleanups.push(fn),
		makeId: env.makeId,
		freePort: env.freePort,
		nodeOutput: env.nodeOutput,
		readBinary: (binary) => env.readBinary(userFolder, binary),
		importCredentials: (creds) => env.importCredentials(userFolder, creds),
		importWorkflow: (wf) => env.importWorkflow(userFolder, wf),
		publishWorkflow: (id) => env.publishWorkflow(userFolder, id),
		executeWorkflow: (id, opts) => env.executeWorkflow(id, { userFolder, ...opts }),
		startN8n: async (opts = {}) => {
			const n8n = await env.startN8n({ port: await env.freePort(), userFolder, ...opts });
			ctx.cleanups.push(() => n8n.stop());
			return n8n;
		},
		listExecutions: (opts) => env.listExecutions(userFolder, opts),
		waitForExecutions: (predicate, opts) => env.waitForExecutions(userFolder, predicate, opts),
		waitForWebhooks: (workflowId, opts) => env.waitForWebhooks(userFolder, workflowId, opts),
		n8nCli: (cliArgs, opts) => env.n8nCli(cliArgs, { userFolder, ...opts }),
	};
	return ctx;
}
