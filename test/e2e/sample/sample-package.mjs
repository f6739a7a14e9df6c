// Writes a tiny community-node package (plain JS, no build step) used to prove the harness
// mechanics: one credential with a `baseUrl`, one node that `require('zod')`, calls the
// credential's server with httpRequestWithAuthentication and emits a binary.
// The package is written to a folder outside git (its `dist/` would be git-ignored anyway).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SAMPLE_PACKAGE_NAME = 'n8n-nodes-harness-sample';
export const SAMPLE_NODE_TYPE = `${SAMPLE_PACKAGE_NAME}.harnessSample`;
export const SAMPLE_CREDENTIAL_TYPE = 'harnessSampleApi';
// 1x1 transparent PNG
export const SAMPLE_PNG_BASE64 =
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const packageJson = {
	name: SAMPLE_PACKAGE_NAME,
	version: '0.0.1',
	description: 'Throwaway package for the n8n e2e harness',
	keywords: ['n8n-community-node-package'],
	license: 'MIT',
	files: ['dist'],
	n8n: {
		n8nNodesApiVersion: 1,
		strict: true,
		credentials: ['dist/credentials/HarnessSampleApi.credentials.js'],
		nodes: ['dist/nodes/HarnessSample/HarnessSample.node.js'],
	},
	peerDependencies: { 'n8n-workflow': '*' },
};

const credentialJs = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.HarnessSampleApi = void 0;
class HarnessSampleApi {
	constructor() {
		this.name = '${SAMPLE_CREDENTIAL_TYPE}';
		this.displayName = 'Harness Sample API';
		this.documentationUrl = 'https://example.com';
		this.properties = [
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'https://api.example.com' },
			{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
		];
		this.authenticate = {
			type: 'generic',
			properties: { headers: { 'X-Api-Key': '={{$credentials.apiKey}}' } },
		};
		this.test = { request: { baseURL: '={{$credentials.baseUrl}}', url: '/echo' } };
	}
}
exports.HarnessSampleApi = HarnessSampleApi;
`;

const nodeJs = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.HarnessSample = void 0;
const n8n_workflow_1 = require("n8n-workflow");
const zod_1 = require("zod");
class HarnessSample {
	constructor() {
		this.description = {
			displayName: 'Harness Sample',
			name: 'harnessSample',
			icon: 'fa:flask',
			group: ['transform'],
			version: 1,
			description: 'Harness sample node',
			defaults: { name: 'Harness Sample' },
			usableAsTool: true,
			inputs: [n8n_workflow_1.NodeConnectionTypes.Main],
			outputs: [n8n_workflow_1.NodeConnectionTypes.Main],
			credentials: [{ name: '${SAMPLE_CREDENTIAL_TYPE}', required: true }],
			properties: [
				{ displayName: 'Text', name: 'text', type: 'string', default: 'hello' },
				{ displayName: 'Call Server', name: 'callServer', type: 'boolean', default: false },
			],
		};
	}
	async execute() {
		const items = this.getInputData();
		const out = [];
		const credentials = await this.getCredentials('${SAMPLE_CREDENTIAL_TYPE}');
		for (let i = 0; i < items.length; i++) {
			const text = zod_1.z.string().min(1).parse(this.getNodeParameter('text', i));
			let server = null;
			if (this.getNodeParameter('callServer', i)) {
				server = await this.helpers.httpRequestWithAuthentication.call(this, '${SAMPLE_CREDENTIAL_TYPE}', {
					method: 'GET',
					url: credentials.baseUrl + '/echo',
					json: true,
				});
			}
			const binary = await this.helpers.prepareBinaryData(
				Buffer.from('${SAMPLE_PNG_BASE64}', 'base64'),
				'pixel.png',
				'image/png',
			);
			out.push({
				json: {
					text,
					baseUrl: credentials.baseUrl,
					zodResolvedFrom: require.resolve('zod'),
					zodHasV4: typeof require('zod').z.toJSONSchema === 'function',
					workflowResolvedFrom: require.resolve('n8n-workflow'),
					nodePath: process.env.NODE_PATH,
					server,
				},
				binary: { data: binary },
				pairedItem: { item: i },
			});
		}
		return [out];
	}
}
exports.HarnessSample = HarnessSample;
`;

/** Writes the package into `dir` and returns { dir, name, nodeType, credentialType }. */
export function writeSamplePackage(dir) {
	mkdirSync(join(dir, 'dist/credentials'), { recursive: true });
	mkdirSync(join(dir, 'dist/nodes/HarnessSample'), { recursive: true });
	writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson, null, 2) + '\n');
	writeFileSync(join(dir, 'dist/credentials/HarnessSampleApi.credentials.js'), credentialJs);
	writeFileSync(join(dir, 'dist/nodes/HarnessSample/HarnessSample.node.js'), nodeJs);
	return { dir, name: SAMPLE_PACKAGE_NAME, nodeType: SAMPLE_NODE_TYPE, credentialType: SAMPLE_CREDENTIAL_TYPE };
}
