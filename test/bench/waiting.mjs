// Waiting: how many status requests a node makes while one provider task runs `taskSeconds`
// (60 s by default). The fakes normally finish a task after N polls; here a watcher marks each task
// finished once it has existed for taskSeconds, so the task really takes that long. Every status
// request is counted in the fake's request log. Runs in parallel (one n8n process each).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { runError, tasksOf } from './lib/instance.mjs';
import { writeVideo } from './lib/images.mjs';
import { API_KEY } from './lib/providers.mjs';
import { chain, credentialRef, http, node, readFiles, wait } from './lib/workflows.mjs';

const NEVER = 1e9;
const MP4_HEAD = Buffer.from('000000206674797069736f6d0000020069736f6d69736f326d703431', 'hex');

/** Marks tasks of a fake's state map finished once they are `ms` old. */
function finishAfter(map, ms, finish) {
	const born = new Map();
	const timer = setInterval(() => {
		const now = Date.now();
		for (const [id, task] of map) {
			if (!born.has(id)) born.set(id, now);
			if (now - born.get(id) >= ms) finish(task);
		}
	}, 20);
	return { born, stop: () => clearInterval(timer) };
}

/** Arithmetic of a schedule: how many status requests until the task is done at `taskMs`. */
export function scheduledRequests(delays, taskMs, latencyMs) {
	let t = 0;
	let n = 0;
	for (const delay of delays) {
		t += delay;
		n++;
		if (t >= taskMs) return n;
		t += latencyMs;
	}
	return n;
}

function ifDone(name, leftValue) {
	return node(
		name,
		'n8n-nodes-base.if',
		{
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
				conditions: [{ id: 'done', leftValue, rightValue: 'done', operator: { type: 'string', operation: 'equals' } }],
				combinator: 'and',
			},
			options: {},
		},
		{ typeVersion: 2.2 },
	);
}

export async function measureWaiting({ instance, options, log }) {
	const taskMs = options.taskSeconds * 1000;
	const latencyMs = options.latencyMs;
	const polling = createRequire(import.meta.url)('../../dist/nodes/shared/polling.js');
	const cutout = await instance.fake('cutout-pro').startFakeCutoutPro({ apiKey: API_KEY, latencyMs, pollsUntilDone: NEVER });
	const brai = await instance.fake('background-remover-ai').startFakeBackgroundRemoverAi({
		apiKey: API_KEY,
		latencyMs,
		pollsUntilDone: NEVER,
	});
	const watchers = [
		finishAfter(cutout.state.videoTasks, taskMs, (task) => (task.polls = NEVER)),
		finishAfter(brai.state.jobs, taskMs, (job) => (job.polls = NEVER)),
	];
	const video = await writeVideo(join(instance.filesDir, 'short.mp4'), 256 * 1024, MP4_HEAD);
	const image = join(instance.filesDir, 'one-image.png');
	writeFileSync(image, instance.fake('media').makeNoisePng(100_000));
	try {
		const [cutoutCred, braiCred] = await instance.importCredentials([
			{ name: 'cutout wait', type: 'cutoutProApi', data: { apiKey: API_KEY, baseUrl: cutout.baseUrl } },
			{ name: 'brai wait', type: 'backgroundRemoverAiApi', data: { apiKey: API_KEY, baseUrl: brai.baseUrl } },
		]);
		const ours = (type, credentialType, credential, parameters) =>
			node('Ours', instance.nodeType(type), parameters, { credentials: credentialRef(credentialType, credential) });
		// status requests of one task, and how long after the task finished the last one came
		const status = (list, born, id) => {
			const requests = list.filter((r) => r.id === id);
			const end = born.get(id) + taskMs;
			return { requests: requests.length, noticedAfterMs: requests.length ? requests.at(-1).receivedAt - end : undefined };
		};
		const cutoutStatus = (flag) =>
			status(
				cutout.requests.filter((r) => r.path === '/api/v1/video/getTaskInfo').map((r) => ({ id: r.query.taskFlag, receivedAt: r.receivedAt })),
				watchers[0].born,
				flag,
			);
		const braiStatus = (uuid) =>
			status(
				brai.requests.filter((r) => r.path === '/v1/results/').map((r) => ({ id: r.fields.uuid?.[0], receivedAt: r.receivedAt })),
				watchers[1].born,
				uuid,
			);
		const defaults5 = polling.pollSchedule(5, 1800);
		const defaults2 = polling.pollSchedule(2, 600);
		const cases = [
			{
				key: 'cutoutVideo',
				label: 'Cutout.pro Video → Remove Background (defaults: poll interval 5 s, ×1.5, ≤ 15 s)',
				schedule: 'backoff 5 s ×1.5 ≤ 15 s',
				expected: scheduledRequests(polling.pollDelays(defaults5), taskMs, latencyMs),
				workflow: chain('bench wait cutout', [
					ours('cutoutPro', 'cutoutProApi', cutoutCred, {
						resource: 'video',
						operation: 'removeBackground',
						videoUrl: 'https://videos.example.com/a.mp4',
						outputFormat: 'mov',
						downloadResult: false,
					}),
				]),
				count: (run) => cutoutStatus(tasksOf(run, 'Ours')[0]?.data?.main?.[0]?.[0]?.json?.taskId),
			},
			{
				key: 'braiVideo',
				label: 'BackgroundRemoverAI Video → Remove Background (defaults: 5 s, ×1.5, ≤ 15 s)',
				schedule: 'backoff 5 s ×1.5 ≤ 15 s',
				expected: scheduledRequests(polling.pollDelays(defaults5), taskMs, latencyMs),
				workflow: chain('bench wait brai video', [
					readFiles('Video', video),
					ours('backgroundRemoverAi', 'backgroundRemoverAiApi', braiCred, {
						resource: 'video',
						operation: 'removeBackground',
						binaryPropertyName: 'data',
						videoFormat: 'mov',
						downloadResult: false,
					}),
				]),
				count: (run) => braiStatus(tasksOf(run, 'Ours')[0]?.data?.main?.[0]?.[0]?.json?.taskId),
			},
			{
				key: 'braiImage',
				label: 'BackgroundRemoverAI Image → Remove Background (defaults: 2 s, ×1.5, ≤ 15 s)',
				schedule: 'backoff 2 s ×1.5 ≤ 15 s',
				expected: scheduledRequests(polling.pollDelays(defaults2), taskMs, latencyMs),
				workflow: chain('bench wait brai image', [
					readFiles('Image', image),
					ours('backgroundRemoverAi', 'backgroundRemoverAiApi', braiCred, {
						resource: 'image',
						operation: 'removeBackground',
						binaryPropertyName: 'data',
						model: 'u2net',
						backgroundType: 'transparent',
					}),
				]),
				count: (run) => braiStatus(tasksOf(run, 'Ours')[0]?.data?.main?.[0]?.[0]?.json?.taskId),
			},
			{
				key: 'naiveLoop',
				label: 'n8n loop: HTTP Request submit → Wait 1 s → HTTP Request status → If not done, back to Wait',
				schedule: 'fixed 1 s + request time',
				expected: scheduledRequests(
					(function* () {
						for (;;) yield 1000;
					})(),
					taskMs,
					latencyMs,
				),
				workflow: loopWorkflow(cutout.baseUrl),
				count: (run) => cutoutStatus(tasksOf(run, 'Submit')[0]?.data?.main?.[0]?.[0]?.json?.data?.taskFlag),
			},
		].filter((c) => !options.cases || options.cases.some((o) => c.key.includes(o)));
		const runs = await Promise.all(
			cases.map(async (c, index) => {
				const inst = instance.clone(`wait-${index}`);
				const id = await inst.importWorkflow(c.workflow);
				log(`waiting: ${c.label}`);
				const started = Date.now();
				const { run } = await inst.execute(id);
				return { c, run, wallMs: Date.now() - started };
			}),
		);
		return {
			taskSeconds: options.taskSeconds,
			strictLoop: Math.ceil(taskMs / 1000),
			results: runs.map(({ c, run, wallMs }) => {
				const error = runError(run);
				const { requests, noticedAfterMs } = error ? {} : c.count(run);
				log(`  ${c.key}: ${error ?? `${requests} status requests, done noticed after ${noticedAfterMs} ms`} (expected ${c.expected})`);
				return { key: c.key, label: c.label, schedule: c.schedule, expected: c.expected, requests, noticedAfterMs, error, wallMs };
			}),
		};
	} finally {
		for (const w of watchers) w.stop();
		await cutout.close();
		await brai.close();
	}
}

function loopWorkflow(base) {
	const submit = http('Submit', {
		url: `${base}/api/v1/video/submitTaskByUrl`,
		query: { videoUrl: 'https://videos.example.com/naive.mp4', outputFormat: 'mov' },
		headers: { APIKEY: API_KEY },
	});
	const pause = wait('Wait 1 s', 1);
	const status = http('Status', {
		url: `${base}/api/v1/video/getTaskInfo`,
		query: { taskFlag: "={{ $('Submit').first().json.data.taskFlag }}" },
		headers: { APIKEY: API_KEY },
	});
	const done = ifDone('Done?', '={{ $json.data.status }}');
	return chain('bench wait naive loop', [submit, pause, status, done], {
		'Done?': { main: [[], [{ node: 'Wait 1 s', type: 'main', index: 0 }]] },
	});
}
