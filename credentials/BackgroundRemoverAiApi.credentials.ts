import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { credentialTestRules, NO_REDIRECTS } from '../nodes/shared/credentialTest';

/** How a key refusal reads, in the spellings seen for this kind of API (compared exactly by n8n). */
const REJECTED_KEY_TEXTS = [
	'Invalid API key',
	'Invalid API Key',
	'Invalid Api Key',
	'invalid api key',
	'Invalid api key',
	'INVALID API KEY',
	'Invalid key',
	'invalid key',
	'Unauthorized',
	'unauthorized',
	'API key is invalid',
	'Invalid token',
].flatMap((text) => [text, `${text}.`]);

/**
 * The statuses a working key's reply to the Test may have: the refusal of a request without a
 * file (HTTP 400, or 422 as validation errors often are), or a 2xx. Every other status fails the
 * Test (`ignoreHttpStatusErrors: {ignore, except}`, n8n 2.x; an n8n that predates it reads the
 * object as `true`, ignores every status, and the body rules below decide alone).
 */
const WORKING_KEY_STATUSES = new Set([400, 422]);
const FAILING_STATUSES = Array.from({ length: 300 }, (_, i) => 300 + i).filter(
	(status) => !WORKING_KEY_STATUSES.has(status),
);

export class BackgroundRemoverAiApi implements ICredentialType {
	name = 'backgroundRemoverAiApi';

	displayName = 'BackgroundRemoverAI API';

	icon: Icon = { light: 'file:backgroundRemoverAi.svg', dark: 'file:backgroundRemoverAi.dark.svg' };

	documentationUrl = 'https://backgroundremoverai.com/';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Your API key from the BackgroundRemoverAI developer portal; sent as the Authorization header, without a prefix',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.backgroundremoverai.com',
			description:
				'Host of the API, without /v1. Change only to go through a proxy (or a local test server).',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '={{$credentials.apiKey}}' },
		},
	};

	// The API has no free account endpoint. A conversion request without any file is refused
	// without creating work, so a working key's reply is an error too: `{error: "<what is
	// missing>"}` with HTTP 400. The Test passes only that: a redirect, 401/403, 404, 5xx or any
	// status but 2xx/400/422 fails it; so does a reply without `error` (a parked page, `{}`), and
	// an `error` that refuses the key (n8n compares rule values exactly, so each spelling is
	// listed, with and without a final period).
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}/v1',
			url: '/convert/',
			method: 'POST',
			body: { lang: 'en' },
			ignoreHttpStatusErrors: { ignore: true, except: FAILING_STATUSES },
			...NO_REDIRECTS,
		},
		rules: credentialTestRules('BackgroundRemoverAI', {
			statuses: [401, 403].map((status) => ({
				status,
				message: `BackgroundRemoverAI rejected the API key (HTTP ${status})`,
			})),
			refusals: REJECTED_KEY_TEXTS.map((text) => ({
				key: 'error',
				value: text,
				message: `BackgroundRemoverAI rejected the API key: ${text}`,
			})),
			required: [{ key: 'error' }],
		}),
	};
}
