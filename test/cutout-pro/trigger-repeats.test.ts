/**
 * Cutout.pro Trigger → Ignore Repeats (issue 30, finding 9): the same notification sent 5 times
 * started the workflow 5 times. With the option on, a repeat (same event, task ID and status)
 * within 24 hours is acknowledged and starts nothing; what is remembered stays bounded.
 */
import type { IDataObject } from 'n8n-workflow';

import { CutoutProTrigger } from '../../nodes/CutoutPro/CutoutProTrigger.node';
import type { Notification } from '../../nodes/CutoutPro/trigger/notification';
import { isRepeat, MAX_REMEMBERED, REPEAT_WINDOW_MS } from '../../nodes/CutoutPro/trigger/repeats';
import { callWebhook } from '../harness/n8n';

const notify = async (
	staticData: IDataObject,
	eventData: IDataObject,
	options: IDataObject = { ignoreRepeats: true },
) => {
	const raw = JSON.stringify({ eventName: 'EVENT_VIDEO_TASK_FINISHED', eventData });
	return await callWebhook({
		node: new CutoutProTrigger(),
		parameters: {
			events: ['EVENT_VIDEO_TASK_FINISHED'],
			...options,
		},
		staticData,
		request: {
			headers: { 'content-type': 'application/json', 'content-length': String(raw.length) },
			query: {},
			rawBody: Buffer.from(raw),
			body: JSON.parse(raw) as unknown,
		},
	});
};

const started = (outcomes: Array<{ workflowData?: unknown[] }>) =>
	outcomes.filter((outcome) => outcome.workflowData?.length).length;

describe('Cutout.pro Trigger: Ignore Repeats', () => {
	it('the same notification 5 times starts the workflow once; each is acknowledged', async () => {
		const staticData: IDataObject = {};
		const outcomes = [];
		for (let i = 0; i < 5; i++)
			outcomes.push(await notify(staticData, { taskFlag: 'task-a', status: 'done' }));
		expect(started(outcomes)).toBe(1);
		expect(outcomes.map((outcome) => outcome.status)).toEqual([200, 200, 200, 200, 200]);
		// What n8n saves with the workflow: one entry, a hash and a time.
		const seen = (staticData['node:Trigger'] as IDataObject).seen as Record<string, number>;
		expect(Object.keys(seen)).toHaveLength(1);
		expect(Object.keys(seen)[0]).toMatch(/^[\w-]{43}$/);
	});

	it('another task, or the same task with another status, still starts the workflow', async () => {
		const staticData: IDataObject = {};
		const outcomes = [
			await notify(staticData, { taskFlag: 'task-a', status: 'done' }),
			await notify(staticData, { taskFlag: 'task-b', status: 'done' }),
			await notify(staticData, { taskFlag: 'task-a', status: 'failed' }),
		];
		expect(started(outcomes)).toBe(3);
	});

	it('off (the default, as in workflows saved before the option): every repeat starts it', async () => {
		const staticData: IDataObject = {};
		const outcomes = [];
		for (let i = 0; i < 5; i++) outcomes.push(await notify(staticData, { taskFlag: 'task-a' }, {}));
		expect(started(outcomes)).toBe(5);
		expect(staticData).toEqual({});
	});
});

describe('what Ignore Repeats remembers', () => {
	const note = (taskId: string): Notification => ({
		event: 'EVENT_VIDEO_TASK_FINISHED',
		taskId,
		status: 'done',
		eventData: {},
	});
	const t0 = Date.UTC(2026, 11, 7);

	it('a repeat counts for 24 hours, then starts the workflow again', () => {
		const store: IDataObject = {};
		expect(isRepeat(store, note('a'), t0)).toBe(false);
		expect(isRepeat(store, note('a'), t0 + REPEAT_WINDOW_MS - 1)).toBe(true);
		expect(isRepeat(store, note('a'), t0 + REPEAT_WINDOW_MS)).toBe(false);
	});

	it(`at most ${MAX_REMEMBERED} notifications, the oldest forgotten first`, () => {
		const store: IDataObject = {};
		for (let i = 0; i <= MAX_REMEMBERED; i++) isRepeat(store, note(`task-${i}`), t0 + i);
		expect(Object.keys(store.seen as IDataObject)).toHaveLength(MAX_REMEMBERED);
		expect(isRepeat(store, note('task-0'), t0 + MAX_REMEMBERED + 1)).toBe(false);
		expect(isRepeat(store, note(`task-${MAX_REMEMBERED}`), t0 + MAX_REMEMBERED + 2)).toBe(true);
		expect(JSON.stringify(store).length).toBeLessThan(70_000);
	});

	it('a task ID of 60 KB is remembered in 43 characters', () => {
		const store: IDataObject = {};
		isRepeat(store, note('x'.repeat(60_000)), t0);
		expect(JSON.stringify(store).length).toBeLessThan(100);
	});

	it('a store that is not what it wrote (edited, or from elsewhere) is started afresh', () => {
		const store: IDataObject = { seen: ['not', 'a', 'map'] };
		expect(isRepeat(store, note('a'), t0)).toBe(false);
		expect(isRepeat(store, note('a'), t0 + 1)).toBe(true);
	});
});
