// e2e (npm run test:e2e:packages): the all-in-one and a provider package installed side by side in
// one n8n, in both orders. Credential type names are global in n8n and both packages declare
// `cutoutProApi`: n8n 2.41.1 loads every package, keeps every loader's nodes under its own package
// prefix, and for a credential type name declared twice uses the definition of the package loaded
// last (LoadNodesAndCredentials.postProcessLoaders / getCredential). The packages are released
// together from one source, so the two definitions are the same file; this checks that such a
// pair works: both load, one stored credential serves the nodes of both packages, the editor gets
// the same definition from each, the credential's Test works, and removing either package leaves
// the other working with that same credential.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import * as env from '../../lib/n8n/index.mjs';
import { PROVIDERS } from '../../../scripts/providers.mjs';
import { MANUAL, chainWorkflow, importCreds, importWorkflows, installedTypes } from '../cases/_lib.mjs';
import { OPERATIONS } from '../cases/operations.mjs';

const PROVIDER = 'n8n-nodes-cutout-pro';
const ROW = 'cutout.pro image removeBackground (URL, preview size)';
const KEY = 'e2e-coexist-cutout-key';

/** Removes a package the way n8n's uninstall leaves it: folder gone, ledger entry gone. */
function uninstall(userFolder, name) {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	rmSync(join(nodesDir, 'node_modules', name), { recursive: true, force: true });
	const ledgerPath = join(nodesDir, 'package.json');
	const ledger = JSON.parse(readFileSync(ledgerPath, 'utf8'));
	delete ledger.dependencies[name];
	writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2));
}

export function registerCoexistenceTests({ packed, fakesDir, keep, makeCaseContext }) {
	const allInOne = packed[0];
	const provider = packed.find((p) => p.name === PROVIDER);
	const row = OPERATIONS.find((op) => op.name === ROW);

	describe('coexistence: the all-in-one and a provider package in one n8n', () => {
		for (const order of [
			[allInOne, provider],
			[provider, allInOne],
		]) {
			test(`installed ${order[0].name} then ${order[1].name}`, { timeout: 300_000 }, async (t) => {
				const userFolder = env.makeUserFolder('n8n-e2e-coexist-');
				const contexts = {};
				const cleanups = [];
				try {
					for (const p of order) {
						const installed = env.installTarball(userFolder, p.tgz);
						contexts[p.name] = makeCaseContext({ userFolder, fakesDir, packageName: p.name, installed: installedTypes(installed.dir) }, t);
					}
					const h = contexts[provider.name];
					const { startFakeCutoutPro } = h.fake('cutout-pro');
					const fake = await startFakeCutoutPro({ apiKey: KEY });
					cleanups.push(() => fake.close());

					// n8n starts with both and loads the nodes of both, under their own package names
					const out = join(userFolder, 'exported-nodes.json');
					const exported = await h.n8nCli(['export:nodes', `--output=${out}`]);
					assert.equal(exported.code, 0, exported.stdout + exported.stderr);
					assert.doesNotMatch(exported.stdout + exported.stderr, /Failed to load|Error loading|already registered|is not a constructor/i);
					const loaded = JSON.parse(readFileSync(out, 'utf8')).map((n) => n.name);
					for (const name of [...PROVIDERS.map((p) => `${allInOne.name}.${p.nodes[0].type}`), `${PROVIDER}.cutoutPro`, `${PROVIDER}.cutoutProTrigger`]) {
						assert.ok(loaded.includes(name), `${name} not loaded`);
					}

					// ONE stored credential of type cutoutProApi serves the Cutout.pro node of each package
					const [cred] = await importCreds(h, [{ name: 'Cutout.pro shared', type: 'cutoutProApi', data: { apiKey: KEY, baseUrl: fake.baseUrl } }]);
					const c = { fakes: { cutout: fake }, cutout: cred };
					const names = [allInOne.name, PROVIDER];
					const ids = await importWorkflows(
						h,
						names.map((name) => chainWorkflow(`coexist ${name}`, row.nodes(contexts[name], c))),
					);
					// checks a run of the row's workflow for package `name` (its node, the shared credential)
					const checkRun = async (name, run, ms) => {
						t.diagnostic(`${name}.cutoutPro: ${run.status} (${ms} ms)`);
						await row.check(run, contexts[name], c);
						assert.ok(fake.requests.length >= 1, 'the run reached the fake');
						assert.equal(fake.requests[0].headers.apikey, KEY, 'the shared credential authenticated it');
					};

					// one n8n start with both packages: the row of each package's node, run as the editor's
					// Execute workflow button does; then the editor's view: n8n serves the type once per
					// package (same definition), and the credential's Test button works (through n8n's REST
					// API, as the editor calls it)
					const n8n = await h.startN8n();
					const owner = { email: 'owner@example.com', firstName: 'E2E', lastName: 'Owner', password: 'E2e-coexist-1' };
					const cookie = await env.setUpOwner(n8n.url, owner);
					for (const name of names) {
						fake.reset();
						const t0 = Date.now();
						const run = await env.runWorkflowInServer(n8n, cookie, ids[names.indexOf(name)], MANUAL.name, { userFolder });
						await checkRun(name, run, Date.now() - t0);
					}
					const types = await (await fetch(`${n8n.url}/types/credentials.json`, { headers: { cookie } })).json();
					const cutoutTypes = types.filter((x) => x.name === 'cutoutProApi');
					assert.deepEqual(cutoutTypes.map((x) => x.supportedNodes).sort(), [[`${allInOne.name}.cutoutPro`], [`${PROVIDER}.cutoutPro`]]);
					const strip = ({ supportedNodes, iconUrl, icon, ...rest }) => rest;
					assert.deepEqual(strip(cutoutTypes[0]), strip(cutoutTypes[1]), 'both packages define cutoutProApi the same way');
					for (const [apiKey, expected] of [[KEY, 'OK'], ['e2e-coexist-wrong', 'Error']]) {
						const data = { apiKey, baseUrl: fake.baseUrl };
						const created = await (
							await fetch(`${n8n.url}/rest/credentials`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ name: `test ${expected}`, type: 'cutoutProApi', data }) })
						).json();
						const tested = await (
							await fetch(`${n8n.url}/rest/credentials/test`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ credentials: { id: created.data.id, name: `test ${expected}`, type: 'cutoutProApi', data } }) })
						).json();
						assert.equal(tested.data.status, expected, JSON.stringify(tested));
					}
					await n8n.stop();

					// removing the package installed first leaves the other working with the same credential
					uninstall(userFolder, order[0].name);
					t.diagnostic(`removed ${order[0].name}`);
					fake.reset();
					const last = await h.executeWorkflow(ids[names.indexOf(order[1].name)]);
					await checkRun(order[1].name, last, last.cli.durationMs);
				} finally {
					for (const fn of cleanups.reverse()) await fn();
					if (!keep) rmSync(userFolder, { recursive: true, force: true });
					else console.error(`kept user folder ${userFolder}`);
				}
			});
		}
	});
}
