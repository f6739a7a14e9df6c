import { randomBytes } from 'node:crypto';

import { CutoutProTrigger } from '../../nodes/CutoutPro/CutoutProTrigger.node';
import { startFakeServer, type FakeServer } from '../fakes/fake-server';
import { makeMov } from '../fakes/media';
import { callWebhook } from '../harness/webhook';

const SECRET = randomBytes(9).toString('base64url');
const WRONG = randomBytes(9).toString('base64url');
const SAME_LENGTH = `${SECRET.slice(0, -1)}${SECRET.endsWith('A') ? 'B' : 'A'}`;
let files: FakeServer;

beforeAll(async () => {
	files = await startFakeServer(() => {});
});
afterAll(async () => await files.close());

const videoEvent = (overrides: Record<string, unknown> = {}) => ({
	eventName: 'EVENT_VIDEO_TASK_FINISHED',
	eventData: {
		taskFlag: '08ba8388bdb54498a3bb0fc92ce2341e',
		resultUrl: 'https://cdn.example.com/r.mov',
		status: 'done',
		...overrides,
	},
});

async function post(
	body: unknown,
	options: {
		query?: Record<string, string>;
		contentType?: string;
		parameters?: Record<string, unknown>;
		raw?: string;
		chunked?: boolean;
	} = {},
) {
	const raw = options.raw ?? JSON.stringify(body);
	return await callWebhook({
		node: new CutoutProTrigger(),
		parameters: {
			events: ['EVENT_VIDEO_TASK_FINISHED', 'EVENT_FACE_DRIVEN_TASK_FINISHED'],
			secretToken: SECRET,
			...options.parameters,
		},
		request: {
			headers: {
				'content-type': options.contentType ?? 'application/json',
				...(options.chunked
					? { 'transfer-encoding': 'chunked' }
					: { 'content-length': String(Buffer.byteLength(raw)) }),
			},
			query: options.query ?? { token: SECRET },
			rawBody: Buffer.from(raw),
			body: options.raw === undefined ? body : {},
		},
	});
}

describe('Cutout.pro Trigger', () => {
	it('accepts a video notification with the right token and starts one execution', async () => {
		const outcome = await post(videoEvent());
		expect(outcome.status).toBe(200);
		expect(outcome.workflowData).toHaveLength(1);
		expect(outcome.workflowData![0][0].json).toMatchObject({
			provider: 'cutoutPro',
			event: 'EVENT_VIDEO_TASK_FINISHED',
			taskId: '08ba8388bdb54498a3bb0fc92ce2341e',
			status: 'done',
			resultUrl: 'https://cdn.example.com/r.mov',
		});
	});

	it('accepts a Photo Animer notification (numeric taskId)', async () => {
		const outcome = await post({
			eventName: 'EVENT_FACE_DRIVEN_TASK_FINISHED',
			eventData: { taskId: 123456, resultUrl: 'https://cdn.example.com/a.mp4' },
		});
		expect(outcome.status).toBe(200);
		expect(outcome.workflowData![0][0].json).toMatchObject({
			taskId: '123456',
			event: 'EVENT_FACE_DRIVEN_TASK_FINISHED',
		});
	});

	it('fetches nothing, even where a saved workflow still has the removed Download Result on', async () => {
		const url = files.files.put('/r/done.mov', { contentType: 'video/quicktime', body: makeMov() });
		for (const secretToken of [SECRET, '']) {
			const outcome = await post(videoEvent({ resultUrl: url, taskFlag: '../../etc/x' }), {
				parameters: { downloadResult: true, secretToken },
			});
			const item = outcome.workflowData![0][0];
			expect(item.binary).toBeUndefined();
			expect(item.json).toMatchObject({ taskId: '../../etc/x', resultUrl: url });
			expect(item.json).not.toHaveProperty('downloadError');
		}
		expect(files.requests).toHaveLength(0);
	});

	it('acknowledges but does not start the workflow for an event that is not selected', async () => {
		const outcome = await post(videoEvent(), {
			parameters: { events: ['EVENT_FACE_DRIVEN_TASK_FINISHED'] },
		});
		expect(outcome.status).toBe(200);
		expect(outcome.workflowData).toBeUndefined();
	});

	it.each([
		['a missing token', videoEvent(), { query: {} }, 401],
		['a wrong token', videoEvent(), { query: { token: WRONG } }, 401],
		['a wrong token of the same length', videoEvent(), { query: { token: SAME_LENGTH } }, 401],
		['malformed JSON', undefined, { raw: '{"eventName": "EVENT_VIDEO_TASK_FINISHED",' }, 400],
		[
			'a form content type',
			videoEvent(),
			{ contentType: 'application/x-www-form-urlencoded' },
			415,
		],
		[
			'an unknown event',
			{ eventName: 'EVENT_SOMETHING_ELSE', eventData: { taskFlag: 'x' } },
			{},
			400,
		],
		['missing eventData', { eventName: 'EVENT_VIDEO_TASK_FINISHED' }, {}, 400],
		[
			'a video event without taskFlag',
			{ eventName: 'EVENT_VIDEO_TASK_FINISHED', eventData: { taskId: 5 } },
			{},
			400,
		],
		[
			'an oversized body',
			undefined,
			{ raw: JSON.stringify({ ...videoEvent(), pad: 'x'.repeat(70 * 1024) }) },
			413,
		],
		[
			'an oversized body sent chunked (no Content-Length)',
			undefined,
			{ raw: JSON.stringify({ ...videoEvent(), pad: 'x'.repeat(70 * 1024) }), chunked: true },
			413,
		],
	])('rejects %s with a 4xx and no execution', async (_name, body, options, status) => {
		const outcome = await post(body, options);
		expect(outcome.status).toBe(status);
		expect(outcome.workflowData).toBeUndefined();
		expect(JSON.stringify(outcome.body)).not.toContain(SECRET);
	});

	it('checks the size first: an oversized body with a wrong token is a 413, and is never decoded', async () => {
		const raw = Buffer.from(JSON.stringify({ ...videoEvent(), pad: 'x'.repeat(70 * 1024) }));
		let decoded = 0;
		const decode = raw.toString.bind(raw);
		raw.toString = ((...args: Parameters<Buffer['toString']>) => {
			decoded++;
			return decode(...args);
		}) as Buffer['toString'];
		const outcome = await callWebhook({
			node: new CutoutProTrigger(),
			parameters: { events: ['EVENT_VIDEO_TASK_FINISHED'], secretToken: SECRET },
			request: {
				headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
				query: { token: WRONG },
				rawBody: raw,
				body: {},
			},
		});
		expect(outcome.status).toBe(413);
		expect(outcome.workflowData).toBeUndefined();
		expect(decoded).toBe(0);
	});

	it('accepts any caller when no secret is configured', async () => {
		const outcome = await post(videoEvent(), { query: {}, parameters: { secretToken: '' } });
		expect(outcome.status).toBe(200);
		expect(outcome.workflowData).toHaveLength(1);
	});
});
