// e2e: every node listed in package.json's `n8n.nodes` is loaded by a real n8n from the
// installed package (n8n logs a broken node file and goes on, so check explicitly).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { REPO_DIR } from '../../lib/n8n/index.mjs';

export default {
	name: 'package: n8n loads every node of package.json n8n.nodes',
	async run(h) {
		const { assert } = h;
		// the installed package's own package.json (the all-in-one's, or a provider package's)
		const pkgDir = join(h.userFolder, '.n8n', 'nodes', 'node_modules', ...h.packageName.split('/'));
		const pj = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
		// read each node's description from the repo's dist (same files as the tarball; the
		// repo's node_modules resolves n8n-workflow for this Node 20 process)
		const requireRepo = createRequire(join(REPO_DIR, 'package.json'));
		const expected = pj.n8n.nodes.map((file) => {
			const mod = requireRepo(`./${file}`);
			const Cls = Object.values(mod).find((v) => typeof v === 'function');
			const description = new Cls().description;
			return `${pj.name}.${description.name}`;
		});
		const out = join(h.userFolder, 'exported-nodes.json');
		const r = await h.n8nCli(['export:nodes', `--output=${out}`]);
		assert.equal(r.code, 0, r.stdout + r.stderr);
		assert.doesNotMatch(r.stdout + r.stderr, /Failed to load|Error loading|is not a constructor/i);
		const exported = JSON.parse(readFileSync(out, 'utf8'));
		const loaded = exported.map((n) => n.name);
		// each node's codex file (<node>.node.json next to it) loaded: the nodes panel searches its aliases
		pj.n8n.nodes.forEach((file, i) => {
			const { alias } = JSON.parse(readFileSync(join(pkgDir, `${file}on`), 'utf8'));
			const node = exported.find((n) => n.name === expected[i]);
			assert.deepEqual(node?.codex?.alias, alias, `${expected[i]}: codex aliases as n8n loaded them`);
			assert.ok(alias.includes('background removal'), `${expected[i]}: "background removal" alias`);
		});
		for (const type of expected) assert.ok(loaded.includes(type), `${type} not loaded by n8n`);
		// and nothing else of ours: a provider package brings only its own nodes (+ n8n's tool variants)
		const ours = loaded.filter((n) => n.startsWith(`${pj.name}.`));
		assert.deepEqual(ours.filter((n) => !expected.includes(n) && !n.endsWith('Tool')), [], 'nodes beyond package.json n8n.nodes');
		h.t.diagnostic(`loaded: ${loaded.filter((n) => n.startsWith(`${pj.name}.`)).join(', ')}`);
	},
};
