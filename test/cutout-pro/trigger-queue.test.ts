import type { INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { CutoutProTrigger } from '../../nodes/CutoutPro/CutoutProTrigger.node';
import { startFakeServer, type FakeServer } from '../fakes/fake-server';
import { makeMov } from '../fakes/media';
import { callWebhook } from '../harness/webhook';

// Queue mode: the trigger's webhook() runs in the webhook process, whose stored files no
// execution owns. By default it only hands the task on; Get Task downloads on a worker.
let files: FakeServer;
beforeAll(async () => {
	files = await startFakeServer(() => {});
});
afterAll(async () => await files.close());

const description = new CutoutProTrigger().description;
const property = (name: string) =>
	description.properties.find((p) => p.name === name) as INodeProperties;
const shown = (name: string, values: Record<string, unknown>) =>
	NodeHelpers.displayParameter(
		{ events: ['EVENT_VIDEO_TASK_FINISHED'], secretToken: '', ...values } as never,
		property(name),
		{ typeVersion: 1 },
		description,
	);

describe('Cutout.pro Trigger in queue mode', () => {
	it('with its defaults hands on taskId, status and resultUrl and fetches nothing', async () => {
		const url = files.files.put('/r/big.mov', { contentType: 'video/quicktime', body: makeMov() });
		const body = {
			eventName: 'EVENT_VIDEO_TASK_FINISHED',
			eventData: { taskFlag: 'abc', status: 'done', resultUrl: url },
		};
		const outcome = await callWebhook({
			node: new CutoutProTrigger(),
			parameters: { events: ['EVENT_VIDEO_TASK_FINISHED'], secretToken: '' },
			request: {
				headers: { 'content-type': 'application/json' },
				query: {},
				rawBody: Buffer.from(JSON.stringify(body)),
				body,
			},
		});
		expect(outcome.status).toBe(200);
		const [item] = outcome.workflowData![0];
		expect(item.json).toMatchObject({ taskId: 'abc', status: 'done', resultUrl: url });
		expect(item.binary).toBeUndefined();
		expect(files.requests).toHaveLength(0);
	});

	it('has no Download Result of its own: Get Task downloads, on a worker', () => {
		expect(description.properties.map((p) => p.name)).not.toContain('downloadResult');
		expect(shown('getTaskNotice', {})).toBe(true);
	});

	it('says what an empty Secret Token allows, and only while it is empty', () => {
		expect(shown('noTokenNotice', { secretToken: '' })).toBe(true);
		expect(shown('noTokenNotice', { secretToken: 'a-long-random-token' })).toBe(false);
		expect(property('noTokenNotice').displayName).toMatch(/anyone who learns this URL/);
	});
});
