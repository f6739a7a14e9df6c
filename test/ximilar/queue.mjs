// Ximilar in the queue tier (test/queue/run.mjs reads it through the manifest): its fake's options,
// the nodes after the production webhook that starts its workflow, and its case. `q` is the tier's
// toolkit (workflow builders, the running cluster, checks: see run.mjs).
export const queue = {
	apiKey: 'q-ximilar-token',
	fakeOptions: () => ({}),
	workflowName: 'queue: ximilar, 20-item batch',
	nodes: (q, credential) => [
		q.code('Photos', `return Array.from({ length: ${q.BATCH} }, (_, i) => ({ json: { url: 'https://images.example.com/queue/' + i + '.jpg' } }));`),
		q.ours('Remove background', { resource: 'image', operation: 'removeBackground', endpoint: 'fast', inputType: 'url', imageUrl: '={{ $json.url }}', downloadResult: true }, credential),
	],
	name: (q) => `ximilar: a ${q.BATCH}-item batch, every result downloaded`,
	async run(q, { workflow, fake }) {
		const { assert, BATCH } = q;
		await q.post({});
		const [e] = await q.executionsOf(workflow.id);
		assert.equal(e.status, 'success', JSON.stringify(e.data.resultData.error ?? null));
		const items = q.nodeItems(e, 'Remove background');
		assert.equal(items.length, BATCH);
		assert.equal(fake.state.calls.length, 2, '10 records per request');
		const ids = new Set();
		for (const [i, item] of items.entries()) {
			assert.equal(item.json.status, 'done', `item ${i}`);
			const served = await q.fromProvider(item.json.resultUrl);
			const bytes = await q.downloadAndCheck(item.binary.data, served, `item ${i}`);
			assert.equal(q.sniff(bytes), 'png', `item ${i}`);
			assert.deepEqual(q.pngSize(bytes), { width: 800, height: 600 }, `item ${i}`);
			ids.add(item.binary.data.id);
		}
		assert.equal(ids.size, BATCH, 'one stored file per item');
		return { executions: [e] };
	},
};
