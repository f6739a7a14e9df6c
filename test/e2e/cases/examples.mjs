// e2e: every example of examples/*.json, brought into n8n exactly as `npm run dev` does
// (scripts/sandbox.mjs: sandbox stand-ins, "(sandbox)" credentials, examples imported by
// name), then run in one `n8n start`: the manual examples the way the editor's "Execute
// workflow" button runs them (POST /rest/workflows/<id>/run, as the owner), the trigger example
// published. As under `npm run dev` the Cutout.pro stand-in notifies the triggers of that n8n when
// a video task finishes, so running the video-submit example fires the trigger example: through
// its production URL (published) and, while the editor listens, its test URL. The example files
// are used as they are; their files land in <user folder>/.n8n-files as under `npm run dev`.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import * as env from '../../lib/n8n/index.mjs';
import { providerE2e } from '../../../scripts/providers.mjs';
import { SANDBOX_CREDENTIALS, exampleFilesEnv, setUpExamples, startSandbox } from '../../../scripts/sandbox.mjs';
import { ALL_IN_ONE, expectBinary, pngSize, sniff } from './_lib.mjs';

const examplesDir = join(env.REPO_DIR, 'examples');
const credentialName = (type) => SANDBOX_CREDENTIALS.find((c) => c.type === type).name;

export default {
	name: 'examples: every example imported as npm run dev does runs to success in the sandbox under n8n start',
	timeoutMs: 300_000,
	async run(h, t) {
		const { assert } = h;
		// A provider package installed alone runs the examples made only of its own nodes, their
		// node types changed to the package's as its README tells users.
		const providerPackage = h.packageName !== ALL_IN_ONE;
		const adapt = (wf) => {
			if (!providerPackage) return wf;
			const ours = wf.nodes.filter((n) => n.type.startsWith(`${ALL_IN_ONE}.`));
			if (!ours.every((n) => h.installed.nodes.has(n.type.slice(ALL_IN_ONE.length + 1)))) return undefined;
			return JSON.parse(JSON.stringify(wf).replaceAll(`"${ALL_IN_ONE}.`, `"${h.packageName}.`));
		};
		// a user folder of its own: a fresh instance, like a first `npm run dev`
		const userFolder = env.makeUserFolder('n8n-e2e-examples-');
		h.onCleanup(() => rmSync(userFolder, { recursive: true, force: true }));
		if (providerPackage) env.installTarball(userFolder, h.tarball);
		else env.packAndInstall(userFolder, { build: false });
		// the stand-in learns n8n's address once n8n runs, as `npm run dev` knows its port
		let n8nUrl;
		const sandbox = await startSandbox({ notifyTriggersOf: { userFolder, n8nUrl: () => n8nUrl } });
		h.onCleanup(() => sandbox.close());
		const { cutoutPro } = sandbox.providers;
		const images = createRequire(join(sandbox.fakes, 'index.js'))('./sandbox-images.js');

		const examples = await setUpExamples(userFolder, { sandbox, examplesDir, adapt });
		const files = readdirSync(examplesDir).filter((f) => f.endsWith('.json'));
		if (!providerPackage) assert.deepEqual(examples.map((e) => e.file).sort(), files.sort(), 'every example file imported');
		if (examples.length === 0) {
			t.skip(`no example is made only of ${h.packageName}'s nodes`);
			return;
		}
		t.diagnostic(`examples imported: ${examples.map((e) => e.file).join(', ')}`);
		/** A subtest's options: skipped where the installed package lacks the example's nodes. */
		const needs = (file) => ({ skip: !examples.some((e) => e.file === file) && `${file} needs nodes ${h.packageName} lacks` });
		assert.ok(examples.every((e) => e.imported));
		const idOf = (file) => examples.find((e) => e.file === file).id;
		const example = (file) => JSON.parse(readFileSync(join(examplesDir, file), 'utf8'));

		// no example carries a credential id: n8n resolved each by name to the sandbox one
		for (const file of files) {
			for (const node of example(file).nodes) {
				for (const [type, ref] of Object.entries(node.credentials ?? {})) {
					assert.equal(ref.id, null, `${file} ${node.name}: credential id`);
					assert.equal(ref.name, credentialName(type), `${file} ${node.name}: credential name`);
				}
			}
		}

		// the credits example's other branch: the same workflow with a batch the balance cannot pay
		// (imported as the example was, so with the installed package's node types)
		const creditsExample = examples.some((e) => e.file === 'credits-check-before-batch.json')
			? adapt(example('credits-check-before-batch.json'))
			: undefined;
		const expensive = creditsExample && {
			...creditsExample,
			id: env.makeId(),
			name: 'credits check, batch too expensive',
			nodes: creditsExample.nodes.map((n) =>
				n.name === 'Product photos'
					? { ...n, parameters: { jsCode: n.parameters.jsCode.replace('creditsPerImage: 1', 'creditsPerImage: 100') } }
					: n,
			),
		};
		if (expensive) assert.notEqual(JSON.stringify(expensive.nodes), JSON.stringify(creditsExample.nodes));
		const expensiveId = expensive && (await env.importWorkflow(userFolder, expensive));

		// the user publishes the trigger example (Publish in the editor); nothing else changes
		const triggerId = examples.some((e) => e.file === 'video-finished-trigger.json')
			? idOf('video-finished-trigger.json')
			: undefined;
		if (triggerId) await env.publishWorkflow(userFolder, triggerId);
		const out = exampleFilesEnv(userFolder);
		const n8n = await env.startN8n({ port: await env.freePort(), userFolder, env: out.env, webhooksOf: triggerId ? [triggerId] : [] });
		h.onCleanup(() => n8n.stop());
		n8nUrl = n8n.url;
		const cookie = await env.setUpOwner(n8n.url);
		const run = async (file) => {
			const wf = example(file);
			const trigger = wf.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
			const execution = await env.runWorkflowInServer(n8n, cookie, idOf(file), trigger.name, { userFolder }).catch((e) => {
				throw new Error(`${file}: ${e.message} (${e.cause?.code ?? e.cause?.message ?? ""})\n${n8n.logs().slice(-3000)}`, { cause: e });
			});
			assert.equal(execution.status, 'success', JSON.stringify(execution.data?.resultData?.error ?? null));
			assert.equal(execution.mode, 'manual');
			return { data: execution.data };
		};
		// expectBinary() reads binaries through `readBinary` of this case's own user folder
		const hb = { readBinary: (binary) => env.readBinary(userFolder, binary) };


		// each provider's example checks (`e2e.examples` in test/<provider>/e2e.mjs, read through the
		// manifest); Cutout.pro's below share the instance's trigger and credits branch
		const checked = { h, assert, run, hb, images, providers: sandbox.providers, outDir: out.dir };
		for (const unit of await providerE2e()) {
			for (const { file, title, check } of unit.examples) {
				await t.test(`${file.replace(/\.json$/, '')}: ${title}`, needs(file), async () => await check(checked));
			}
		}

		await t.test('credits-check-before-batch: enough Cutout.pro credits → 3 cut-outs on disk; too few → Stop and Error, nothing sent', needs('credits-check-before-batch.json'), async () => {
			const result = await run('credits-check-before-batch.json');
			const [balance] = h.nodeOutput(result, 'Check credits');
			assert.deepEqual(
				{ provider: balance.json.provider, operation: balance.json.operation, credits: balance.json.credits, creditsUnit: balance.json.creditsUnit },
				{ provider: 'cutoutPro', operation: 'account.getCredits', credits: 42.5, creditsUnit: 'credits' },
			);
			const items = h.nodeOutput(result, 'Remove background');
			assert.equal(items.length, 3);
			for (const [i, sku] of ['MUG-010', 'LAMP-011', 'VASE-012'].entries()) {
				const png = expectBinary(hb, items[i].binary.data, { kind: 'png', label: sku });
				assert.deepEqual(readFileSync(join(out.dir, `${sku}-cutout.png`)), png);
			}
			const mattings = cutoutPro.state.mattings.length;
			const trigger = expensive.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
			const stopped = await env.runWorkflowInServer(n8n, cookie, expensiveId, trigger.name, { userFolder });
			assert.equal(stopped.status, 'error');
			assert.equal(
				stopped.data.resultData.error.message,
				'Not enough Cutout.pro credits for this batch: 42.5 credits left, 300 needed for 3 photos. Nothing was sent. Top up your Cutout.pro account (or split the batch) and run again.',
			);
			assert.equal(stopped.data.resultData.lastNodeExecuted, 'Stop: not enough credits');
			assert.equal(cutoutPro.state.mattings.length, mattings, 'no image was sent');
		});


		await t.test('photo-animation: Cutout.pro (sandbox) Photo Animer → GIF on disk', needs('photo-animation.json'), async () => {
			const result = await run('photo-animation.json');
			const [item] = h.nodeOutput(result, 'Animate');
			assert.equal(item.json.provider, 'cutoutPro');
			assert.equal(item.json.status, 'done');
			const gif = expectBinary(hb, item.binary.data, { kind: 'gif' });
			// an animation of the portrait (test/fakes/sandbox-media.ts: 10 frames, 320×240), not a 1×1 placeholder
			assert.deepEqual([gif.readUInt16LE(6), gif.readUInt16LE(8)], [320, 240]);
			assert.ok(gif.length > 5000, `GIF of ${gif.length} bytes`);
			const task = cutoutPro.state.faceTasks.get(Number(item.json.taskId));
			assert.equal(task.imageUrl, 'https://images.example.com/team/portrait.jpg');
			const file = join(out.dir, `animation-${item.json.taskId}.gif`);
			assert.deepEqual(readFileSync(file), gif);
		});

		let submitted;
		const submitVideo = async () => {
			const result = await run('video-submit.json');
			const [item] = h.nodeOutput(result, 'Remove video background');
			assert.equal(item.json.status, 'processing');
			return item.json.taskId;
		};
		await t.test('video-submit: Cutout.pro (sandbox) takes the video URL and returns the task id at once', needs('video-submit.json'), async () => {
			submitted = await submitVideo();
			const task = cutoutPro.state.videoTasks.get(submitted);
			assert.ok(task, 'the stand-in knows the task');
			assert.equal(task.videoUrl, 'https://videos.example.com/clips/product-spin.mp4');
			assert.equal(task.polls, 0, 'no status poll without waiting');
		});

		const trigger = example('video-finished-trigger.json').nodes.find((n) => n.type.endsWith('.cutoutProTrigger'));
		/**
		 * Waits until the stand-in has notified the trigger's production URL about `taskFlag` (and its
		 * test URL when the editor listens); returns { test, production } statuses, test undefined
		 * when the stand-in left the test URL out (nobody listening, so no "unknown webhook" in n8n's log).
		 */
		const notified = async (taskFlag, { listening }) => {
			const deadline = Date.now() + 30_000;
			for (;;) {
				const sent = cutoutPro.state.notifications.filter((n) => n.body.eventData.taskFlag === taskFlag);
				const status = (prefix) => sent.find((n) => new URL(n.url).pathname === `/${prefix}/${trigger.webhookId}/webhook`)?.status;
				// one notification goes to every URL at once: once the production one is there, all are
				if (status('webhook') !== undefined && (!listening || status('webhook-test') !== undefined)) {
					for (const n of sent) assert.equal(n.body.eventName, 'EVENT_VIDEO_TASK_FINISHED');
					return { test: status('webhook-test'), production: status('webhook') };
				}
				assert.ok(Date.now() < deadline, `no notification for ${taskFlag}: ${JSON.stringify(cutoutPro.state.notifications)}`);
				await new Promise((r) => setTimeout(r, 100));
			}
		};
		/**
		 * The trigger example's execution for `taskFlag` in `mode`: it saved the finished video. `writers`:
		 * how many executions were started for the task (the editor listening and the published workflow
		 * both take the notification and write the same file): all must have ended before it is read.
		 */
		const savedBy = async (taskFlag, mode, { writers = 1 } = {}) => {
			const ended = (e) => !['new', 'running', 'waiting'].includes(e.status) && JSON.stringify(e.data).includes(taskFlag);
			const executions = await env.waitForExecutions(
				userFolder,
				(l) => l.some((e) => e.mode === mode && ended(e)) && l.filter(ended).length >= writers,
				{ workflowId: triggerId, timeoutMs: 60_000 },
			);
			const execution = executions.find((e) => e.mode === mode && JSON.stringify(e.data).includes(taskFlag));
			assert.equal(execution.status, 'success', JSON.stringify(execution.data?.resultData?.error ?? null));
			// the trigger hands on the task; Get Task fetched the file during the execution (the
			// video-submit example asks for WebM)
			const file = join(out.dir, `cutout-${taskFlag}.webm`);
			assert.ok(existsSync(file), `${file} not written`);
			// the stand-in's clip (test/fixtures/sandbox/clip.webm: 3 s of VP9 with alpha), byte for byte
			const { sandboxClip } = createRequire(join(sandbox.fakes, 'index.js'))('./sandbox-media.js');
			assert.deepEqual(readFileSync(file), sandboxClip('clip.webm'));
			assert.equal(sniff(readFileSync(file)), 'webm');
			return execution;
		};

		await t.test('video-finished-trigger (published): running video-submit makes the Cutout.pro stand-in notify it; Get Task downloads the video, the workflow saves it', needs('video-finished-trigger.json'), async () => {
			const taskFlag = submitted ?? (await submitVideo());
			// the editor is not listening: the test URL is left out; the published workflow takes it
			assert.deepEqual(await notified(taskFlag, { listening: false }), { test: undefined, production: 200 });
			assert.ok(!n8n.logs().includes('Received request for unknown webhook'), 'n8n logged an unknown webhook');
			await savedBy(taskFlag, 'webhook');
		});

		await t.test('video-finished-trigger (editor listening): "Execute workflow" waits, video-submit fires it through the test URL', needs('video-finished-trigger.json'), async () => {
			// what the editor's "Execute workflow" sends for a workflow that starts with the trigger
			const listen = await fetch(`${n8n.url}/rest/workflows/${triggerId}/run`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify({ triggerToStartFrom: { name: trigger.name } }),
			});
			const answer = await listen.text();
			assert.equal(listen.status, 200, answer);
			assert.equal(JSON.parse(answer).data?.waitingForWebhook, true, answer);
			const taskFlag = await submitVideo();
			assert.deepEqual(await notified(taskFlag, { listening: true }), { test: 200, production: 200 });
			await savedBy(taskFlag, 'manual', { writers: 2 });
			// a quiet log: no unknown webhook, no call to n8n's staging API (offline: ENOTFOUND)
			for (const line of ['Received request for unknown webhook', 'api-staging.n8n.io', 'ENOTFOUND'])
				assert.ok(!n8n.logs().includes(line), `n8n logged "${line}"`);
		});
	},
};
