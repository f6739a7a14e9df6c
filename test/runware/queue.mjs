// Runware in the queue tier (test/queue/run.mjs reads it through the manifest): its fake's options,
// the nodes after the production webhook that starts its workflow, and its case. `q` is the tier's
// toolkit (workflow builders, the running cluster, checks: see run.mjs).
export const queue = {
	apiKey: 'q-runware-key',
	fakeOptions: () => ({}),
	workflowName: 'queue: runware, 20-item batch',
	nodes: (q, credential) => [
		// 20 PNGs sent in the request body (base64); the Code node hands them on as binaries
		q.code('Photos', `return $input.first().json.body.pngs.map((b64, i) => ({ json: { n: i }, binary: { data: { data: b64, mimeType: 'image/png', fileName: 'photo-' + i + '.png' } } }));`),
		q.ours('Remove background', { resource: 'image', operation: 'removeBackground', inputType: 'binary', binaryPropertyName: 'data', model: 'runware:112@5', outputType: 'URL', outputFormat: 'PNG' }, credential),
	],
	name: (q) => `runware: a ${q.BATCH}-item batch of binaries, every result downloaded`,
	async run(q, { workflow, fake }) {
		const { assert, BATCH, c } = q;
		const pngs = Array.from({ length: BATCH }, (_, i) => c.media.makePng(20 + i, 10, [i * 10, 0, 0, 255]));
		await q.post({ pngs: pngs.map((p) => p.toString('base64')) });
		const [e] = await q.executionsOf(workflow.id);
		assert.equal(e.status, 'success', JSON.stringify(e.data.resultData.error ?? null));
		const items = q.nodeItems(e, 'Remove background');
		assert.equal(items.length, BATCH);
		assert.equal(fake.state.tasks.filter((t) => t.ok).length, BATCH);
		for (const [i, item] of items.entries()) {
			assert.equal(item.json.status, 'done', `item ${i}`);
			const bytes = await q.downloadAndCheck(item.binary.data, await q.fromProvider(item.json.resultUrl), `item ${i}`);
			assert.equal(q.sniff(bytes), 'png', `item ${i}`);
		}
		return { executions: [e] };
	},
};
