// Runware in the e2e tier (test/e2e/): its fake and credentials, its rows of
// test/e2e/cases/operations.mjs (one workflow per operation, run with `n8n execute`; `nodes(h, c)`
// returns the nodes after the Manual Trigger, c: credentials by key, c.fakes, c.fixtures;
// `check(run, h, c)` asserts; `expectError` rows must fail the run) and the checks of its examples
// in test/e2e/cases/examples.mjs.
import { assertSuccess, codeNode, expectBinary, node, UUID, UUID_V4, contract } from '../e2e/cases/_lib.mjs';

const KEY = 'e2e-runware-key';

export const e2e = {
	/** Its fake, started once for all rows: c.fakes.runware. */
	fake: { key: 'runware', options: { apiKey: KEY } },
	/** Its credentials, imported once: c.<key>. */
	credentials: { runware: { name: 'Runware e2e', apiKey: KEY } },
	operations: [
	{
		name: 'runware removeBackground (binary PNG + JPG, BiRefNet, URL output downloaded, cost)',
		nodes: (h, c) => [
			codeNode('Photos', [
				{ json: { n: 1 }, binary: { data: c.fixtures.productPng } },
				{ json: { n: 2 }, binary: { data: c.fixtures.blueJpg } },
			]),
			node(h, 'Op', 'runware', {
				resource: 'image',
				operation: 'removeBackground',
				inputType: 'binary',
				binaryPropertyName: 'data',
				model: 'runware:112@5',
				outputType: 'URL',
				outputFormat: 'PNG',
				includeCost: true,
			}, c.runware),
		],
		check(run, h, c) {
			const { assert } = h;
			assertSuccess(run);
			const items = h.nodeOutput(run, 'Op');
			assert.equal(items.length, 2);
			const tasks = c.fakes.runware.state.tasks;
			assert.equal(tasks.length, 2);
			assert.ok(tasks.every((t) => t.ok && t.task.model === 'runware:112@5'));
			['product', 'blue'].forEach((stem, i) => {
				const { json, binary } = items[i];
				contract(assert, json, {
					provider: 'runware',
					operation: 'image.removeBackground',
					status: 'done',
					taskId: UUID_V4,
					imageUUID: UUID,
					model: 'runware:112@5',
					cost: 0.0006,
					costUnit: 'USD',
					width: 64,
					height: 64,
				});
				assert.equal(json.taskId, tasks[i].task.taskUUID, 'results matched back by taskUUID');
				assert.match(json.resultUrl, new RegExp(`/image/ws/2/ii/${json.imageUUID}\\.png$`));
				expectBinary(h, binary.data, { kind: 'png', fileName: `${stem}-nobg.png`, label: `item ${i}` });
			});
			const sent = tasks.map((t) => t.task.inputs.image);
			assert.match(sent[0], /^data:image\/png;base64,/);
			assert.match(sent[1], /^data:image\/jpeg;base64,/);
		},
	},
	],
	examples: [],
	/**
	 * Its part of the one Get Credits workflow of test/e2e/cases/binary-url-and-credits.mjs: the fake's
	 * options, its nodes (name: parameters beside resource/operation) and what they must give.
	 */
	credits: {
		fakeOptions: { balance: 3.75 },
		nodes: { 'Runware credits': {} },
		check({ assert, one, shape, fake }) {
			assert.deepEqual(shape(one('Runware credits')), { provider: 'runware', operation: 'account.getCredits', status: 'done', credits: 3.75, creditsUnit: 'USD', creditsLimit: undefined });
			assert.deepEqual(one('Runware credits').details, { balance: 3.75 });
			// one free request
			assert.deepEqual(fake.requests.map((r) => r.body[0].taskType), ['accountManagement']);
		},
	},
};
