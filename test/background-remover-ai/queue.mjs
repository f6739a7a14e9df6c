// BackgroundRemoverAI in the queue tier (test/queue/run.mjs reads it through the manifest): its
// fake's options, the nodes after the production webhook that starts its workflow, and its case.
// `q` is the tier's toolkit (workflow builders, the running cluster, checks: see run.mjs).
export const queue = {
	apiKey: 'q-brai-key',
	fakeOptions: (q) => ({ pollsUntilDone: 1, videoResultBytes: 8 * q.MB }),
	workflowName: 'queue: backgroundremoverai video, streamed up and down',
	nodes: (q, credential) => [
		q.ours('Remove video background', { resource: 'video', operation: 'removeBackground', binaryPropertyName: 'data', model: 'u2net', videoFormat: 'mov', ...q.FAST_WAIT, downloadResult: true }, credential),
	],
	name: () => 'backgroundremoverai video: 8 MB upload through the webhook processor, 8 MB result',
	async run(q, { workflow, fake }) {
		const { assert, c, MB, MIME } = q;
		const size = 8 * MB;
		const input = Buffer.concat([c.media.makeMp4(), Buffer.alloc(size - c.media.makeMp4().length, 7)]);
		await q.post(input, 'video/mp4');
		const [e] = await q.executionsOf(workflow.id);
		assert.equal(e.status, 'success', JSON.stringify(e.data.resultData.error ?? null));
		const [item] = q.nodeItems(e, 'Remove video background');
		assert.equal(item.json.status, 'done');
		const job = fake.state.jobs.get(item.json.taskId);
		assert.equal(job.inputs[0].size, size);
		assert.equal(job.inputs[0].sha256, q.sha256(input), 'the uploaded video reached the provider intact');
		assert.equal(item.binary.data.mimeType, MIME.mov);
		await q.downloadAndCheck(item.binary.data, c.fakeServer.generatedSha256(size, c.media.makeMov()), 'MOV result');
		return { executions: [e] };
	},
};
