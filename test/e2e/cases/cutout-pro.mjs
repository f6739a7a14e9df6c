// e2e: the packed n8n-nodes-background-removal package inside a real n8n 2.41.1, talking to the
// Cutout.pro fake (test/fakes/cutout-pro.ts, compiled by the runner). One file per provider;
// the format is described in test/e2e/README.md.
const API_KEY = 'e2e-cutout-key';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function startFake(h) {
	const { startFakeCutoutPro } = h.fake('cutout-pro');
	const fake = await startFakeCutoutPro({ apiKey: API_KEY, pollsUntilDone: 1 });
	h.onCleanup(() => fake.close());
	h.cutout = fake;
}

function removeBackgroundByUrl(h, credential) {
	return {
		name: 'e2e cutout remove background by URL',
		nodes: [
			{ id: 'm', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'c',
				name: 'Cutout',
				type: h.nodeType('cutoutPro'),
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					resource: 'image',
					operation: 'removeBackground',
					inputType: 'url',
					imageUrl: 'https://images.example.com/product.jpg',
					mattingType: 'object',
				},
				credentials: { cutoutProApi: { id: credential.id, name: credential.name } },
			},
		],
		connections: { Manual: { main: [[{ node: 'Cutout', type: 'main', index: 0 }]] } },
	};
}

export default [
	{
		name: 'cutout.pro: image remove background (URL input) returns a PNG binary',
		setup: startFake,
		credentials: (h) => [
			{ name: 'Cutout e2e', type: 'cutoutProApi', data: { apiKey: API_KEY, baseUrl: h.cutout.baseUrl } },
		],
		workflow: (h) => removeBackgroundByUrl(h, h.credentials[0]),
		async assert({ run }, h) {
			const { assert } = h;
			assert.equal(run.status, 'success', JSON.stringify(run.data.resultData.error ?? null));
			const [item] = h.nodeOutput(run, 'Cutout');
			const binary = Object.values(item.binary ?? {})[0];
			assert.ok(binary, `no binary in ${JSON.stringify(item)}`);
			assert.equal(binary.mimeType, 'image/png');
			const bytes = h.readBinary(binary);
			assert.deepEqual(bytes.subarray(0, 8), PNG_SIGNATURE);
			const [call] = h.cutout.state.mattings;
			assert.equal(call.endpoint, 'mattingByUrl');
			assert.equal(call.url, 'https://images.example.com/product.jpg');
			assert.equal(call.mattingType, 2);
		},
	},
	{
		name: 'cutout.pro: a wrong API key fails the run with the provider message',
		setup: startFake,
		credentials: (h) => [
			{ name: 'Cutout e2e wrong key', type: 'cutoutProApi', data: { apiKey: 'wrong', baseUrl: h.cutout.baseUrl } },
		],
		workflow: (h) => removeBackgroundByUrl(h, h.credentials[0]),
		async assert({ run }, h) {
			const { assert } = h;
			assert.equal(run.status, 'error');
			assert.equal(run.data.resultData.lastNodeExecuted, 'Cutout');
			assert.match(JSON.stringify(run.data.resultData.error), /401|APIKEY|key/i);
			assert.equal(h.cutout.state.mattings.length, 0);
			// an authentication error is final: one request, no retries
			assert.equal(h.cutout.requests.length, 1, h.cutout.requests.map((r) => `${r.method} ${r.path}`).join(', '));
		},
	},
];
