// e2e: the manual example workflows of examples/*.json, imported as a user would (credential ids
// `bgrXimilarExample` / `bgrCutoutExample` imported with `n8n import:credentials`, base URLs on
// the local fakes) and run with `n8n execute`. Only the output folder is patched: the examples
// write into /home/node/.n8n-files (n8n 2.x's default allowed folder, ~/.n8n-files, in Docker);
// here it is a temp folder named in N8N_RESTRICT_FILE_ACCESS_TO. (They write into the folder
// itself, not a sub-folder: n8n 2.41.1's Write File node fails with "The file or directory does
// not exist" when the target's folder is missing; it creates none.) The trigger example runs
// under `n8n start` in cutout-pro-trigger.mjs.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_DIR } from '../../../scripts/n8n-env.mjs';
import { assertSuccess, expectBinary, filesFolder, importCreds, importWorkflows, loadExample, pngSize, sniff } from './_lib.mjs';

const XIMILAR_KEY = 'e2e-ximilar-example-token';
const CUTOUT_KEY = 'e2e-cutout-example-key';
const MANUAL_EXAMPLES = ['ecommerce-catalog.json', 'photo-animation.json', 'video-submit.json'];
/** Run by cutout-pro-trigger.mjs. */
const TRIGGER_EXAMPLES = ['video-finished-trigger.json'];

export default {
	name: 'examples: every manual example workflow runs in n8n against the fakes',
	timeoutMs: 240_000,
	async run(h, t) {
		const { assert } = h;
		const all = readdirSync(join(REPO_DIR, 'examples')).filter((f) => f.endsWith('.json'));
		assert.deepEqual(all.sort(), [...MANUAL_EXAMPLES, ...TRIGGER_EXAMPLES].sort(), 'every example has an e2e run');
		const { startFakeXimilar } = h.fake('ximilar');
		const { startFakeCutoutPro } = h.fake('cutout-pro');
		const ximilar = await startFakeXimilar({ apiKey: XIMILAR_KEY });
		h.onCleanup(() => ximilar.close());
		// pollsUntilDone 0: the first status poll after the example's Poll Interval finds it done
		const cutout = await startFakeCutoutPro({ apiKey: CUTOUT_KEY, pollsUntilDone: 0 });
		h.onCleanup(() => cutout.close());

		await importCreds(
			h,
			[
				{ id: 'bgrXimilarExample', name: 'Ximilar account', type: 'ximilarApi', data: { apiKey: XIMILAR_KEY, baseUrl: ximilar.baseUrl } },
				{ id: 'bgrCutoutExample', name: 'Cutout.pro account', type: 'cutoutProApi', data: { apiKey: CUTOUT_KEY, baseUrl: cutout.baseUrl } },
			].filter((cred) => h.installed.credentials.has(cred.type)),
		);
		const filesDir = filesFolder(h);
		const env = { N8N_RESTRICT_FILE_ACCESS_TO: filesDir };
		// a provider package installed alone runs the examples made of its own nodes (their node
		// types changed to the package's, as its README tells users)
		const runnable = MANUAL_EXAMPLES.map((f) => loadExample(f, filesDir, h.packageName)).filter((wf) => h.hasNodesOf(wf.nodes));
		if (runnable.length === 0) {
			t.skip(`no example uses only nodes of ${h.packageName}`);
			return;
		}
		const ids = await importWorkflows(h, runnable);
		const idOf = Object.fromEntries(runnable.map((wf, i) => [wf.name, ids[i]]));
		const example = (file) => {
			const { name } = loadExample(file, filesDir);
			return { skip: !(name in idOf) && `${file} needs nodes ${h.packageName} lacks` };
		};
		const [catalogId, animationId, submitId] = ['ecommerce-catalog.json', 'photo-animation.json', 'video-submit.json'].map(
			(f) => idOf[loadExample(f, filesDir).name],
		);

		await t.test('ecommerce-catalog: 3 products → Ximilar (URL) → transparent PNG + white JPG per SKU on disk', example('ecommerce-catalog.json'), async () => {
			const run = await h.executeWorkflow(catalogId, { env });
			t.diagnostic(`n8n execute ${run.cli.durationMs} ms`);
			assertSuccess(run);
			const items = h.nodeOutput(run, 'Remove background');
			assert.equal(items.length, 3);
			// one request of 3 records (batch size 10), precise endpoint, white background asked
			assert.equal(ximilar.state.calls.length, 1);
			const [call] = ximilar.state.calls;
			assert.equal(call.endpoint, 'precise');
			assert.equal(call.imageFormat, 'png');
			assert.deepEqual(
				call.records.map((r) => r._url),
				['shoe-001', 'bag-002', 'hat-003'].map((s) => `https://images.example.com/products/${s}.jpg`),
			);
			assert.ok(call.records.every((r) => r.white_background === true));
			const skus = ['SHOE-001', 'BAG-002', 'HAT-003'];
			const stems = ['shoe-001', 'bag-002', 'hat-003'];
			items.forEach((item, i) => {
				assert.equal(item.json.provider, 'ximilar');
				assert.equal(item.json.operation, 'image.removeBackground');
				assert.equal(item.json.status, 'done');
				assert.equal(item.json.dataContent, 'cutout');
				assert.match(item.json.taskId, /^[0-9a-f-]{36}$/);
				assert.equal(item.json.width, 800);
				assert.equal(item.json.height, 600);
				const png = expectBinary(h, item.binary.data, { kind: 'png', fileName: `${stems[i]}-nobg.png`, label: `item ${i} data` });
				assert.deepEqual(pngSize(png), { width: 800, height: 600 });
				const jpg = expectBinary(h, item.binary.whiteBackground, {
					kind: 'jpeg',
					fileName: `${stems[i]}-whitebg.jpg`,
					label: `item ${i} whiteBackground`,
				});
				// the Write nodes find the SKU through paired items ($('Product list').item)
				const pngFile = join(filesDir, `${skus[i]}.png`);
				const jpgFile = join(filesDir, `${skus[i]}-white.jpg`);
				assert.ok(existsSync(pngFile), `${pngFile} not written`);
				assert.ok(existsSync(jpgFile), `${jpgFile} not written`);
				assert.deepEqual(readFileSync(pngFile), png);
				assert.deepEqual(readFileSync(jpgFile), jpg);
			});
			assert.equal(h.nodeOutput(run, 'Write transparent PNG').length, 3);
			assert.equal(h.nodeOutput(run, 'Write white-background JPG').length, 3);
		});

		await t.test('photo-animation: portrait URL → Photo Animer (template 1, GIF, wait) → GIF on disk', example('photo-animation.json'), async () => {
			const run = await h.executeWorkflow(animationId, { env });
			t.diagnostic(`n8n execute ${run.cli.durationMs} ms`);
			assertSuccess(run);
			const [item] = h.nodeOutput(run, 'Animate');
			assert.equal(item.json.provider, 'cutoutPro');
			assert.equal(item.json.operation, 'photo.animate');
			assert.equal(item.json.status, 'done');
			assert.match(item.json.taskId, /^\d+$/);
			assert.equal(item.json.cost, 7.13);
			assert.equal(item.json.costUnit, 'video seconds');
			assert.match(item.json.gifUrl, /\.gif$/);
			assert.match(item.json.videoUrl, /\.mp4$/);
			const gif = expectBinary(h, item.binary.data, { kind: 'gif', fileName: `face-${item.json.taskId}.gif` });
			const task = cutout.state.faceTasks.get(Number(item.json.taskId));
			assert.equal(task.imageUrl, 'https://images.example.com/team/portrait.jpg');
			assert.equal(task.templateId, 1);
			assert.equal(task.outputFormat, 'gif');
			const file = join(filesDir, `animation-${item.json.taskId}.gif`);
			assert.ok(existsSync(file), `${file} not written`);
			assert.deepEqual(readFileSync(file), gif);
			assert.equal(sniff(readFileSync(file)), 'gif');
		});

		await t.test('video-submit: video URL → Cutout.pro video Remove Background (WebM, no wait) → task id', example('video-submit.json'), async () => {
			const run = await h.executeWorkflow(submitId, { env });
			t.diagnostic(`n8n execute ${run.cli.durationMs} ms`);
			assertSuccess(run);
			const [item] = h.nodeOutput(run, 'Remove video background');
			assert.deepEqual(Object.keys(item.binary ?? {}), [], 'no binary without waiting');
			assert.equal(item.json.provider, 'cutoutPro');
			assert.equal(item.json.operation, 'video.removeBackground');
			assert.equal(item.json.status, 'processing');
			assert.match(item.json.taskId, /^[0-9a-f]{32}$/);
			const task = cutout.state.videoTasks.get(item.json.taskId);
			assert.ok(task, 'the fake knows the task');
			assert.equal(task.videoUrl, 'https://videos.example.com/clips/product-spin.mp4');
			assert.equal(task.outputFormat, 'webm');
			assert.equal(task.polls, 0, 'no status poll without waiting');
		});
	},
};
