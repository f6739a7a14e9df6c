// e2e: README's "Install in n8n" for n8n's Docker image, as far as a machine without a Docker
// engine can go. The RUN lines of README's Dockerfile snippet run as written, with the image's
// /home/node (and /tmp) moved under a temp folder; n8n 2.41.1 then starts as in the image:
// HOME and working folder /home/node, user folder ~/.n8n, n8n's default file access
// (~/.n8n-files, no N8N_RESTRICT_FILE_ACCESS_TO). The e-commerce example, imported with the
// sandbox as `npm run dev` does, runs from the editor's REST call and writes into .n8n-files.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';

import * as env from '../../lib/n8n/index.mjs';
import { setUpExamples, startSandbox } from '../../../scripts/sandbox.mjs';

/** The Dockerfile block of README.md: { from, copy, run }. */
function readmeDockerfile() {
	const readme = readFileSync(join(env.REPO_DIR, 'README.md'), 'utf8');
	const block = /```dockerfile\n([\s\S]*?)```/.exec(readme)?.[1];
	if (!block) throw new Error('README.md has no ```dockerfile block');
	const text = block.replace(/\\\n/g, ' ');
	const line = (cmd) => text.split('\n').find((l) => l.startsWith(`${cmd} `))?.slice(cmd.length + 1).trim();
	return { from: line('FROM'), copy: line('COPY'), run: line('RUN') };
}

export default {
	name: 'install-docker-layout: README Dockerfile RUN lines in an image-like /home/node, n8n starts from it and runs an example',
	timeoutMs: 300_000,
	async run(h, t) {
		const { assert } = h;
		const docker = readmeDockerfile();
		assert.equal(docker.from, 'n8nio/n8n:2.41.1');
		const root = env.makeUserFolder('n8n-e2e-docker-');
		h.onCleanup(() => rmSync(root, { recursive: true, force: true }));
		const home = join(root, 'home/node');
		mkdirSync(join(root, 'tmp'), { recursive: true });
		mkdirSync(home, { recursive: true });

		const tgz = env.buildAndPack({ build: false });
		// COPY --chown=node:node <tgz> /tmp/
		const [, copySource, copyDest] = docker.copy.split(/\s+/);
		assert.equal(copySource, basename(tgz), 'README names the tarball npm pack writes');
		copyFileSync(tgz, join(root, copyDest, basename(tgz)));
		// one pass, so the temp root's own /tmp prefix is not replaced again
		const run = docker.run.replace(/\/home\/node|\/tmp\//g, (m) => (m === '/tmp/' ? `${root}/tmp/` : home));
		const sh = spawnSync('sh', ['-c', run], { encoding: 'utf8' });
		assert.equal(sh.status, 0, `RUN failed: ${sh.stderr}`);
		const pkgDir = join(home, '.n8n/nodes/node_modules/n8n-nodes-background-removal');
		assert.ok(existsSync(join(pkgDir, 'package.json')), 'package unpacked into ~/.n8n/nodes');
		assert.ok(existsSync(join(home, '.n8n-files')), 'the examples folder exists');

		const sandbox = await startSandbox();
		h.onCleanup(() => sandbox.close());
		const examples = await setUpExamples(home, { sandbox, examplesDir: join(env.REPO_DIR, 'examples') });
		const catalog = examples.find((e) => e.file === 'ecommerce-catalog.json');
		// as in the image: HOME=/home/node, WORKDIR /home/node, n8n's default file access
		const n8n = await env.startN8n({ port: await env.freePort(), userFolder: home, env: { HOME: home } });
		h.onCleanup(() => n8n.stop());
		const cookie = await env.setUpOwner(n8n.url);
		const execution = await env.runWorkflowInServer(n8n, cookie, catalog.id, 'Start', { userFolder: home });
		assert.equal(execution.status, 'success', JSON.stringify(execution.data?.resultData?.error ?? null));
		for (const sku of ['SHOE-001', 'BAG-002', 'HAT-003']) {
			assert.ok(existsSync(join(home, '.n8n-files', `${sku}.png`)), `${sku}.png in ~/.n8n-files`);
			assert.ok(existsSync(join(home, '.n8n-files', `${sku}-white.jpg`)), `${sku}-white.jpg in ~/.n8n-files`);
		}
		t.diagnostic(`n8n started from the image-like layout in ${n8n.startMs} ms`);
	},
};
