// Photoroom in the queue tier (test/queue/run.mjs reads it through the manifest): many
// webhook-started executions on one Photoroom account, run by both workers, against a stand-in that
// accepts a few requests in flight and refuses the rest with 429 + Retry-After. `q` is the tier's
// toolkit (workflow builders, the running cluster, checks: see run.mjs).
const EXECUTIONS = 12;
const ITEMS = 3;
const ACCEPTED_IN_FLIGHT = 3;

export const queue = {
	apiKey: 'q-photoroom-key',
	fakeOptions: () => ({
		latencyMs: 150,
		rateLimit: { inFlight: ACCEPTED_IN_FLIGHT, retryAfterSeconds: 1 },
	}),
	workflowName: `queue: photoroom, ${EXECUTIONS} webhook executions on one account`,
	nodes: (q, credential) => [
		q.code(
			'Products',
			`const { tag } = $input.first().json.body;\nreturn Array.from({ length: ${ITEMS} }, (_, i) => ({ json: { sku: tag + '-' + i, url: 'https://images.example.com/queue/' + tag + '-' + i + '.jpg' } }));`,
		),
		q.ours(
			'Amazon main image',
			{
				resource: 'image',
				operation: 'edit',
				inputType: 'url',
				imageUrl: '={{ $json.url }}',
				marketplace: 'amazon',
				editOptions: { outputSize: '400x400' },
			},
			credential,
		),
	],
	name: () =>
		`photoroom: ${EXECUTIONS} webhook executions × ${ITEMS} edits on one account, both workers, the provider accepts ${ACCEPTED_IN_FLIGHT} in flight: every item done, each paid for once`,
	async run(q, { workflow, fake }) {
		const { assert } = q;
		await Promise.all(Array.from({ length: EXECUTIONS }, (_, i) => q.post({ tag: `p${i}` })));
		const executions = await q.executionsOf(workflow.id, { count: EXECUTIONS, timeoutMs: 110_000 });
		assert.equal(executions.length, EXECUTIONS);
		for (const e of executions) {
			assert.equal(e.status, 'success', JSON.stringify(e.data.resultData.error ?? null));
			const items = q.nodeItems(e, 'Amazon main image');
			assert.equal(items.length, ITEMS);
			for (const item of items) {
				assert.equal(item.json.status, 'done');
				assert.equal(item.json.marketplace, 'amazon');
				const { status, bytes } = await q.c.session.downloadBinary(item.binary.data.id);
				assert.equal(status, 200, `${item.json.sku}: REST download`);
				assert.equal(q.sniff(bytes), 'jpeg', item.json.sku);
			}
		}
		const ok = fake.state.calls.filter((call) => call.endpoint === 'edit' && call.status === 200);
		const refused = fake.state.refusedForRate;
		// every product edited and charged exactly once; refusals (429) are retried, never charged
		assert.equal(ok.length, EXECUTIONS * ITEMS, 'one accepted (charged) call per product');
		assert.equal(
			new Set(ok.map((call) => call.params.imageUrl)).size,
			EXECUTIONS * ITEMS,
			'no product paid twice',
		);
		return { executions, note: `${refused} refused for load beside ${ok.length} accepted` };
	},
};
