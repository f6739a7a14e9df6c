/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code: two local HTTP servers */
/**
 * A provider stand-in that answers every API request with a redirect to a second origin, which
 * records what reaches it: no credential header (Authorization or Cutout.pro's APIKEY) may.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { ICredentialType, IDataObject, INodeType } from 'n8n-workflow';

import { BackgroundRemoverAiApi } from '../../credentials/BackgroundRemoverAiApi.credentials';
import { CutoutProApi } from '../../credentials/CutoutProApi.credentials';
import { PhotoroomApi } from '../../credentials/PhotoroomApi.credentials';
import { RunwareApi } from '../../credentials/RunwareApi.credentials';
import { XimilarApi } from '../../credentials/XimilarApi.credentials';
import { BackgroundRemoverAi } from '../../nodes/BackgroundRemoverAi/BackgroundRemoverAi.node';
import { CutoutPro } from '../../nodes/CutoutPro/CutoutPro.node';
import { Photoroom } from '../../nodes/Photoroom/Photoroom.node';
import { Runware } from '../../nodes/Runware/Runware.node';
import { Ximilar } from '../../nodes/Ximilar/Ximilar.node';
import { runNode } from '../harness/n8n';
import { randomApiKey } from '../reliability/lib/providers';

const API_KEY = randomApiKey('redirected');
let redirecting: Server;
let elsewhere: Server;
let redirectingUrl = '';
let elsewhereUrl = '';
let status = 302;
/** The Location the redirecting server answers with (default: an absolute URL on `elsewhere`). */
let location: ((path: string) => string) | undefined;
const received: IncomingHttpHeaders[] = [];

const listen = async (server: Server) => {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

beforeAll(async () => {
	elsewhere = createServer((req, res) => {
		received.push(req.headers);
		req.resume();
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ code: 0, data: { monthBalance: 1 } }));
	});
	redirecting = createServer((req, res) => {
		req.resume();
		const path = `/collect${req.url ?? ''}`;
		res.writeHead(status, { location: location ? location(path) : `${elsewhereUrl}${path}` });
		res.end();
	});
	elsewhereUrl = await listen(elsewhere);
	redirectingUrl = await listen(redirecting);
});
afterAll(async () => {
	for (const server of [redirecting, elsewhere])
		await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
	received.length = 0;
	location = undefined;
});

const cases: Array<{
	name: string;
	node: () => INodeType;
	credential: () => ICredentialType;
	parameters: IDataObject;
}> = [
	{
		name: 'Cutout.pro',
		node: () => new CutoutPro(),
		credential: () => new CutoutProApi(),
		parameters: { resource: 'account', operation: 'getCredits' },
	},
	{
		name: 'Ximilar',
		node: () => new Ximilar(),
		credential: () => new XimilarApi(),
		parameters: { resource: 'account', operation: 'getCredits' },
	},
	{
		name: 'Runware',
		node: () => new Runware(),
		credential: () => new RunwareApi(),
		parameters: { resource: 'account', operation: 'getCredits' },
	},
	{
		name: 'Photoroom',
		node: () => new Photoroom(),
		credential: () => new PhotoroomApi(),
		parameters: { resource: 'account', operation: 'getCredits' },
	},
	{
		name: 'BackgroundRemoverAI',
		node: () => new BackgroundRemoverAi(),
		credential: () => new BackgroundRemoverAiApi(),
		parameters: {
			resource: 'conversion',
			operation: 'getResult',
			conversionId: 'c0ffee00-0000-4000-8000-000000000001',
		},
	},
];

describe.each(cases)(
	'$name: an API redirect to another origin',
	({ name, node, credential, parameters }) => {
		it.each([302, 307])(
			'HTTP %d: is not followed, the key goes nowhere else, the error says so',
			async (code) => {
				status = code;
				const { error } = await runNode({
					node: node(),
					credentials: { type: credential(), data: { apiKey: API_KEY, baseUrl: redirectingUrl } },
					parameters,
					items: [{ json: {} }],
				});
				expect(received).toEqual([]);
				expect(error?.message).toBe(
					`${name} answered with a redirect (HTTP ${code} to ${elsewhereUrl}), which was not followed`,
				);
				expect(JSON.stringify(error)).not.toContain(API_KEY);
			},
		);
	},
);

describe('where a redirect pointed, as the error names it (the Location resolved against the request URL)', () => {
	const { name, node, credential, parameters } = cases[0];
	const run = async () =>
		await runNode({
			node: node(),
			credentials: { type: credential(), data: { apiKey: API_KEY, baseUrl: redirectingUrl } },
			parameters,
			items: [{ json: {} }],
		});

	it('a protocol-relative Location (//host/x) names that host', async () => {
		status = 302;
		location = (path) => `${elsewhereUrl.replace(/^http:/, '')}${path}`;
		const { error } = await run();
		expect(received).toEqual([]);
		expect(error?.message).toBe(
			`${name} answered with a redirect (HTTP 302 to ${elsewhereUrl}), which was not followed`,
		);
	});

	it('a relative Location is another path of the same host', async () => {
		status = 307;
		location = (path) => path;
		const { error } = await run();
		expect(error?.message).toBe(
			`${name} answered with a redirect (HTTP 307 to another path of the same host), which was not followed`,
		);
	});

	it('an absolute Location on the same origin is another path of the same host', async () => {
		status = 307;
		location = (path) => `${redirectingUrl}${path}`;
		const { error } = await run();
		expect(error?.message).toBe(
			`${name} answered with a redirect (HTTP 307 to another path of the same host), which was not followed`,
		);
	});
});
