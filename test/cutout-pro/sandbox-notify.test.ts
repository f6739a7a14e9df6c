/**
 * The Cutout.pro stand-in of `npm run dev` notifies like Cutout.pro: when a video or Photo Animer
 * task finishes it POSTs the documented notification to the account's address, and the
 * Cutout.pro Trigger (run through n8n-core's WebhookContext) accepts it, Secret Token included.
 */
import { CutoutProTrigger } from '../../nodes/CutoutPro/CutoutProTrigger.node';
import {
	startFakeCutoutPro,
	type CutoutNotification,
	type FakeCutoutPro,
} from '../fakes/cutout-pro';
import { startFakeServer, type FakeServer, type RecordedRequest } from '../fakes/fake-server';
import { FAULT } from '../fakes/faults';
import { callWebhook } from '../harness/webhook';

const API_KEY = 'sandbox-key';
const SECRET = 'a-long-random-secret';

let receiver: FakeServer;
let fake: FakeCutoutPro;
/** Resolves the next `count` notifications sent. */
let waiting: { count: number; sent: CutoutNotification[]; done: () => void } | undefined;

beforeAll(async () => {
	receiver = await startFakeServer(async (ctx) => {
		// like n8n: only the production URL of a published workflow is registered here
		if (ctx.req.path === '/webhook/cutout-pro-finished/webhook')
			await ctx.json(200, { received: true });
		else await ctx.json(404, { message: 'The requested webhook is not registered.' });
	});
	fake = await startFakeCutoutPro({
		apiKey: API_KEY,
		pollsUntilDone: 3,
		notify: {
			urls: () => [
				`${receiver.baseUrl}/webhook-test/cutout-pro-finished/webhook?token=${SECRET}`,
				`${receiver.baseUrl}/webhook/cutout-pro-finished/webhook?token=${SECRET}`,
			],
			afterMs: 0,
			onSent: (sent) => {
				if (!waiting) return;
				waiting.sent.push(sent);
				if (waiting.sent.length === waiting.count) waiting.done();
			},
		},
	});
});
afterAll(async () => {
	await fake.close();
	await receiver.close();
});
beforeEach(() => {
	fake.reset();
	receiver.reset();
});

async function submitAndWait(path: string): Promise<{ data: unknown; sent: CutoutNotification[] }> {
	const sent: CutoutNotification[] = [];
	const notified = new Promise<void>((done) => (waiting = { count: 2, sent, done }));
	const res = await fetch(`${fake.apiUrl}${path}`, { headers: { APIKEY: API_KEY } });
	const { data } = (await res.json()) as { data: unknown };
	await notified;
	return { data, sent };
}

async function deliver(request: RecordedRequest, events = ['EVENT_VIDEO_TASK_FINISHED']) {
	const raw = JSON.stringify(request.body);
	return await callWebhook({
		node: new CutoutProTrigger(),
		parameters: { events, secretToken: SECRET },
		request: {
			headers: request.headers,
			query: request.query as Record<string, string>,
			rawBody: Buffer.from(raw),
			body: request.body,
		},
	});
}

const productionRequest = () =>
	receiver.requests.find((r) => r.path === '/webhook/cutout-pro-finished/webhook')!;

describe('Cutout.pro stand-in: task-finished notifications (npm run dev)', () => {
	it('a finished video task is POSTed to the test and production URLs; the trigger accepts it', async () => {
		const { data, sent } = await submitAndWait(
			`video/submitTaskByUrl?videoUrl=${encodeURIComponent('https://x.example/clip.mp4')}`,
		);
		const { taskFlag } = data as { taskFlag: string };
		expect(sent.map((s) => [new URL(s.url).pathname, s.status]).sort()).toEqual([
			['/webhook-test/cutout-pro-finished/webhook', 404],
			['/webhook/cutout-pro-finished/webhook', 200],
		]);
		const request = productionRequest();
		expect(request).toMatchObject({
			method: 'POST',
			query: { token: SECRET },
			headers: { 'content-type': 'application/json' },
			body: {
				eventName: 'EVENT_VIDEO_TASK_FINISHED',
				eventData: {
					taskFlag,
					status: 'done',
					resultUrl: `${fake.baseUrl}/results/${taskFlag}.mov`,
				},
			},
		});
		const outcome = await deliver(request);
		expect(outcome.status).toBe(200);
		expect(outcome.workflowData?.[0][0].json).toMatchObject({
			event: 'EVENT_VIDEO_TASK_FINISHED',
			taskId: taskFlag,
			status: 'done',
		});
		// the task is done for Get Task too, though it was never polled before (pollsUntilDone 3)
		const status = await fetch(`${fake.apiUrl}video/getTaskInfo?taskFlag=${taskFlag}`, {
			headers: { APIKEY: API_KEY },
		});
		expect(((await status.json()) as { data: unknown }).data).toMatchObject({
			status: 'done',
			resultUrl: `${fake.baseUrl}/results/${taskFlag}.mov`,
		});
	});

	it('a finished Photo Animer task sends its event; a trigger for videos only acknowledges it', async () => {
		const { data } = await submitAndWait(
			`faceDriven/submitTaskByUrl?imageUrl=${encodeURIComponent('https://x.example/face.jpg')}&templateId=1&outputFormat=gif`,
		);
		const request = productionRequest();
		expect(request.body).toEqual({
			eventName: 'EVENT_FACE_DRIVEN_TASK_FINISHED',
			eventData: {
				taskId: data,
				resultUrl: `${fake.baseUrl}/results/face-${String(data)}.mp4`,
				gifUrl: `${fake.baseUrl}/results/face-${String(data)}.gif`,
			},
		});
		const ignored = await deliver(request);
		expect(ignored).toMatchObject({ status: 200, workflowData: undefined });
		const started = await deliver(request, ['EVENT_FACE_DRIVEN_TASK_FINISHED']);
		expect(started.workflowData?.[0][0].json).toMatchObject({
			taskId: String(data),
			resultUrl: `${fake.baseUrl}/results/face-${String(data)}.gif`,
		});
	});

	it('a failed video task is notified as failed, and the trigger passes that on', async () => {
		const { data } = await submitAndWait(
			`video/submitTaskByUrl?videoUrl=${encodeURIComponent(`https://x.example/c${FAULT.videoFails}.mp4`)}`,
		);
		const request = productionRequest();
		expect(request.body).toMatchObject({
			eventData: {
				taskFlag: (data as { taskFlag: string }).taskFlag,
				status: 'failed',
				resultUrl: null,
			},
		});
		expect((await deliver(request)).workflowData?.[0][0].json).toMatchObject({ status: 'failed' });
	});

	it('a preview task sends nothing (only video and Photo Animer tasks are notified)', async () => {
		// a preview, then a video task: the only notifications are the video task's
		const sentBefore = fake.state.notifications.length;
		await fetch(
			`${fake.apiUrl}video/submitVideoImagePreviewTaskByUrl?videoUrl=https://x.example/p.mp4`,
			{ headers: { APIKEY: API_KEY } },
		);
		const { data } = await submitAndWait('video/submitTaskByUrl?videoUrl=https://x.example/v.mp4');
		const flags = fake.state.notifications
			.slice(sentBefore)
			.map((n) => (n.body.eventData as { taskFlag: string }).taskFlag);
		expect(flags).toEqual([
			(data as { taskFlag: string }).taskFlag,
			(data as { taskFlag: string }).taskFlag,
		]);
	});
});
