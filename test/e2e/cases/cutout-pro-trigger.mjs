// e2e: the Cutout.pro Trigger in a real `n8n start`: published workflow, production webhook
// URL `/webhook/<webhookId>/webhook`, notifications POSTed the way Cutout.pro sends them.
const WEBHOOK_ID = '3d0f6c1e-5b7a-4c2e-9a41-0e2e7c0a1b01';
const TOKEN = 'e2e-secret-token';

export default {
	name: 'cutout.pro trigger: a notification starts the published workflow; a wrong token does not',
	async run(h) {
		const { assert } = h;
		const workflowId = await h.importWorkflow({
			name: 'e2e cutout trigger',
			nodes: [
				{
					id: 't',
					name: 'Cutout Trigger',
					type: h.nodeType('cutoutProTrigger'),
					typeVersion: 1,
					position: [0, 0],
					webhookId: WEBHOOK_ID,
					parameters: { secretToken: TOKEN },
				},
			],
			connections: {},
		});
		await h.publishWorkflow(workflowId);
		const n8n = await h.startN8n({ webhooksOf: [workflowId] });
		const url = `${n8n.url}/webhook/${WEBHOOK_ID}/webhook`;
		const post = (query, body) =>
			fetch(`${url}${query}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
		const notification = {
			eventName: 'EVENT_VIDEO_TASK_FINISHED',
			eventData: { taskFlag: 'e2e-task-1', status: 'done', resultUrl: null },
		};

		const wrong = await post('?token=nope', notification);
		assert.equal(wrong.status, 401, await wrong.text());

		const res = await post(`?token=${TOKEN}`, notification);
		const text = await res.text();
		assert.equal(res.status, 200, text);

		const [exec] = await h.waitForExecutions((l) => l.length > 0 && l[0].status !== 'running' && l[0].status !== 'new', {
			workflowId,
		});
		assert.equal(exec.mode, 'webhook');
		assert.equal(exec.status, 'success', JSON.stringify(exec.data?.resultData?.error ?? null));
		const [item] = h.nodeOutput({ data: exec.data }, 'Cutout Trigger');
		assert.equal(item.json.event, 'EVENT_VIDEO_TASK_FINISHED');
		assert.equal(String(item.json.taskId), 'e2e-task-1');
		await n8n.stop();
		assert.doesNotMatch(n8n.logs(), /ERR_HTTP_HEADERS_SENT|Cannot set headers/);
		const all = await h.listExecutions({ workflowId });
		assert.equal(all.length, 1, 'the rejected notification started no execution');
	},
};
