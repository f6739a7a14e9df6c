import { randomBytes } from 'node:crypto';

import type { ICredentialType, INodeType } from 'n8n-workflow';

import { BackgroundRemoverAiApi } from '../credentials/BackgroundRemoverAiApi.credentials';
import { CutoutProApi } from '../credentials/CutoutProApi.credentials';
import { RunwareApi } from '../credentials/RunwareApi.credentials';
import { XimilarApi } from '../credentials/XimilarApi.credentials';
import { startFakeBackgroundRemoverAi } from './fakes/background-remover-ai';
import { startFakeCutoutPro } from './fakes/cutout-pro';
import type { FakeServer } from './fakes/fake-server';
import { startFakeRunware } from './fakes/runware';
import { startFakeXimilar } from './fakes/ximilar';
import { runNode } from './harness/n8n';

/**
 * The credential Test button, the way n8n runs it: a temporary declarative node whose only
 * property routes `test.request`, executed by n8n-core's RoutingNode with the credential applied.
 */
function credentialTestNode(type: ICredentialType): INodeType {
	return {
		description: {
			displayName: 'Credential Test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: 'Runs a credential test request',
			defaults: { name: 'Credential Test' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: type.test!.request },
				},
			],
		},
	} as unknown as INodeType;
}

const KEY = randomBytes(12).toString('hex');

const cases: Array<{
	name: string;
	type: ICredentialType;
	start: () => Promise<FakeServer>;
	path: string;
	authHeader: [string, string];
}> = [
	{
		name: 'Cutout.pro',
		type: new CutoutProApi(),
		start: async () => await startFakeCutoutPro({ apiKey: KEY }),
		path: '/api/v1/mySubscription',
		authHeader: ['apikey', KEY],
	},
	{
		name: 'BackgroundRemoverAI',
		type: new BackgroundRemoverAiApi(),
		start: async () => await startFakeBackgroundRemoverAi({ apiKey: KEY }),
		path: '/v1/convert/',
		authHeader: ['authorization', KEY],
	},
	{
		name: 'Ximilar',
		type: new XimilarApi(),
		start: async () => await startFakeXimilar({ apiKey: KEY }),
		path: '/account/v2/details/',
		authHeader: ['authorization', `Token ${KEY}`],
	},
	{
		name: 'Runware',
		type: new RunwareApi(),
		start: async () => await startFakeRunware({ apiKey: KEY }),
		path: '/v1',
		authHeader: ['authorization', `Bearer ${KEY}`],
	},
];

describe.each(cases)('$name credential Test button', ({ type, start, path, authHeader }) => {
	let fake: FakeServer;
	beforeAll(async () => {
		fake = await start();
	});
	afterAll(async () => await fake.close());
	beforeEach(() => fake.reset());

	const test = async (apiKey: string) =>
		await runNode({
			node: credentialTestNode(type),
			credentials: { type, data: { apiKey, baseUrl: `${fake.baseUrl}/` } },
			parameters: {},
			items: [{ json: {} }],
		});

	it('has a password-typed key and a request that reaches a free endpoint with the auth header', async () => {
		expect(type.properties.find((p) => p.name === 'apiKey')?.typeOptions?.password).toBe(true);
		const { error, items } = await test(KEY);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const request = fake.requests.find((r) => r.path === path);
		expect(request?.headers[authHeader[0]]).toBe(authHeader[1]);
	});

	it('fails for a wrong key', async () => {
		const { error, items } = await test('wrong-key-0000');
		const rule = type.test?.rules?.[0];
		if (rule?.type === 'responseSuccessBody') {
			// n8n applies this rule to the reply: the test fails when body[key] equals value
			expect(items[0]?.json[rule.properties.key]).toBe(rule.properties.value);
		} else {
			expect(error?.message).toMatch(/401|Authorization failed|invalid/i);
		}
	});
});
