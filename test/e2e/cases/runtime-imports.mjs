// e2e: every module the installed package requires at run time resolves inside the real n8n.
//
// 1. Static: the package as n8n installed it (<userFolder>/.n8n/nodes/node_modules/<name>, no
//    dependencies of its own) requires exactly `crypto`, `n8n-workflow` and `zod` besides its own
//    files (dist/**/*.js, every require()/import()).
// 2. Inside n8n: `n8n execute` runs with NODE_OPTIONS=--require <probe>, a hook on Node's module
//    resolver that records, for every require() made by a file of the installed package, what
//    it resolved to (or the error). The workflow makes zod parse real replies: Runware's reply
//    (and crypto.randomUUID for its task ids), then a Ximilar record zod rejects, whose zod issue
//    text must reach the item's error. Expected: no resolution failed; zod is n8n's own copy,
//    n8n-workflow is the very file n8n-core uses (one instance, so `instanceof` checks hold);
//    crypto is Node's built-in.
import { mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { N8N_INSTALL_DIR } from '../../lib/n8n/index.mjs';
import { assertSuccess, chainWorkflow, codeNode, expectBinary, importCreds, importWorkflows, node } from './_lib.mjs';

const PROBE = `
const Module = require('module');
const fs = require('fs');
const pkgDir = process.env.E2E_PROBE_PKG_DIR;
const out = process.env.E2E_PROBE_OUT;
const records = [];
const original = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
	const from = parent && parent.filename;
	const watch = from && from.startsWith(pkgDir) && !request.startsWith('.') && !request.startsWith('/');
	try {
		const resolved = original.call(this, request, parent, ...rest);
		if (watch) records.push({ request, from, resolved });
		return resolved;
	} catch (error) {
		if (watch) records.push({ request, from, error: String(error && error.message) });
		throw error;
	}
};
process.on('exit', () => {
	fs.writeFileSync(out + '.' + process.pid + '.json', JSON.stringify({ argv: process.argv, nodePath: process.env.NODE_PATH || '', records }));
});
`;

function jsFiles(dir) {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : [],
	);
}

const builtin = (name) => builtinModules.includes(name.replace(/^node:/, '')) || name.startsWith('node:');

export default {
	name: 'runtime imports: every require() of the installed package resolves inside n8n (n8n-workflow, zod, crypto)',
	needs: ['runware', 'ximilar'],
	async run(h, t) {
		const { assert } = h;
		const pkgDir = join(h.userFolder, '.n8n', 'nodes', 'node_modules', ...h.packageName.split('/'));

		// ---------------------------------------------------------------- 1. static scan
		const required = new Map(); // module -> files
		for (const file of jsFiles(join(pkgDir, 'dist'))) {
			const text = readFileSync(file, 'utf8');
			for (const m of text.matchAll(/\b(?:require|import)\(\s*["'`]([^"'`]+)["'`]\s*\)|\bfrom\s+["']([^"']+)["']/g)) {
				const spec = m[1] ?? m[2];
				if (spec.startsWith('.') || spec.startsWith('/')) continue;
				if (!required.has(spec)) required.set(spec, []);
				required.get(spec).push(relative(pkgDir, file));
			}
		}
		const modules = [...required.keys()].sort();
		t.diagnostic(`non-relative requires in dist: ${modules.map((m) => `${m} (${required.get(m).length} files)`).join(', ')}`);
		assert.deepEqual(
			[...new Set(modules.map((m) => m.replace(/^node:/, '')))].sort(),
			['crypto', 'n8n-workflow', 'zod'],
			'the package may only rely on n8n-workflow and zod (both provided by n8n) and Node built-ins',
		);
		const ownDeps = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).dependencies ?? {};
		assert.deepEqual(ownDeps, {}, 'no runtime dependencies: n8n installs none for the package');
		let nested = [];
		try {
			nested = readdirSync(join(pkgDir, 'node_modules')).filter((n) => !n.startsWith('.'));
		} catch {
			// no node_modules at all
		}
		assert.deepEqual(nested, [], 'nothing installed below the package: zod and n8n-workflow can only come from n8n');

		// ---------------------------------------------------------------- 2. inside n8n
		const media = h.fake('media');
		const runware = await h.startFake('runware', { apiKey: 'e2e-rw' });
		const ximilar = await h.startFake('ximilar', { apiKey: 'e2e-xi' });
		h.onCleanup(() => runware.close());
		h.onCleanup(() => ximilar.close());
		ximilar.rewriteReply = (reply) => ({ ...reply, records: reply.records.map((r) => ({ ...r, _width: 'wide' })) });
		const [rw, xi] = await importCreds(h, [
			{ name: 'Runware imports', type: h.credentialType('runware'), data: { apiKey: 'e2e-rw', baseUrl: runware.baseUrl } },
			{ name: 'Ximilar imports', type: h.credentialType('ximilar'), data: { apiKey: 'e2e-xi', baseUrl: ximilar.baseUrl } },
		]);
		const xiNode = node(h, 'Ximilar', 'ximilar', { resource: 'image', operation: 'removeBackground', endpoint: 'fast', inputType: 'url', imageUrl: 'https://images.example.com/e2e/zod.jpg' }, xi);
		xiNode.onError = 'continueRegularOutput';
		const [workflowId] = await importWorkflows(h, [
			chainWorkflow('e2e runtime imports', [
				codeNode('Photo', [{ binary: { data: { bytes: media.makePng(8, 8), fileName: 'dot.png', mimeType: 'image/png' } } }]),
				node(h, 'Runware', 'runware', { resource: 'image', operation: 'removeBackground', inputType: 'binary', binaryPropertyName: 'data', outputType: 'base64Data', includeCost: true }, rw),
				xiNode,
			]),
		]);

		const probeDir = mkdtempSync(join(tmpdir(), 'n8n-e2e-probe-'));
		h.onCleanup(() => rmSync(probeDir, { recursive: true, force: true }));
		const probe = join(probeDir, 'probe.cjs');
		writeFileSync(probe, PROBE);
		const run = await h.executeWorkflow(workflowId, {
			env: { NODE_OPTIONS: `--require ${probe}`, E2E_PROBE_PKG_DIR: pkgDir, E2E_PROBE_OUT: join(probeDir, 'resolved') },
		});
		t.diagnostic(`n8n execute ${run.cli.durationMs} ms, status ${run.status}`);
		assertSuccess(run);
		const [rwItem] = h.nodeOutput(run, 'Runware');
		assert.match(rwItem.json.taskId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'crypto.randomUUID made the task id');
		assert.equal(rwItem.json.cost, 0.0006, 'the reply was parsed (zod)');
		expectBinary(h, rwItem.binary.data, { kind: 'png', fileName: 'dot-nobg.png' });
		const [xiItem] = h.nodeOutput(run, 'Ximilar');
		assert.match(xiItem.json.error, /malformed result record/);
		assert.match(JSON.stringify(xiItem.json), /_width: Expected number, received string/, "zod's own issue text (zod 3)");

		const reports = readdirSync(probeDir)
			.filter((f) => f.startsWith('resolved.'))
			.map((f) => JSON.parse(readFileSync(join(probeDir, f), 'utf8')));
		const main = reports.find((r) => r.argv.some((a) => a.endsWith('/n8n')) && r.argv.includes('execute'));
		assert.ok(main, `no report from the n8n process (reports: ${reports.map((r) => r.argv.join(' ')).join(' | ')})`);
		const failures = main.records.filter((r) => r.error);
		assert.deepEqual(failures, [], 'a require() of the package failed inside n8n');
		const resolvedBy = new Map();
		for (const r of main.records) {
			if (!resolvedBy.has(r.request)) resolvedBy.set(r.request, new Set());
			resolvedBy.get(r.request).add(r.resolved);
		}
		for (const m of modules) assert.ok(resolvedBy.has(m), `${m} was never required inside n8n`);
		t.diagnostic(
			`resolved inside n8n: ${[...resolvedBy].map(([m, s]) => `${m} → ${[...s].map((p) => p.replace(N8N_INSTALL_DIR, '<harness>')).join(', ')}`).join('; ')}`,
		);

		const fromN8n = createRequire(join(N8N_INSTALL_DIR, 'node_modules', 'n8n', 'package.json'));
		const fromCore = createRequire(fromN8n.resolve('n8n-core'));
		for (const [m, set] of resolvedBy) {
			assert.equal(set.size, 1, `${m} resolved to several files: ${[...set].join(', ')}`);
			const [file] = set;
			if (builtin(m)) assert.equal(file, m, `${m} is Node's built-in`);
			// real path: the harness folder may be a link to a shared install
			else assert.ok(file.startsWith(join(realpathSync(N8N_INSTALL_DIR), 'node_modules')), `${m} → ${file}, not n8n's copy`);
		}
		assert.deepEqual([...resolvedBy.get('n8n-workflow')], [fromCore.resolve('n8n-workflow')], 'the n8n-workflow instance n8n-core uses');
		assert.deepEqual([...resolvedBy.get('zod')], [fromN8n.resolve('zod')], "n8n's own zod");
		const zodVersion = JSON.parse(readFileSync(join(fromN8n.resolve('zod'), '..', 'package.json'), 'utf8')).version;
		t.diagnostic(`zod inside n8n: ${zodVersion}`);
	},
};
