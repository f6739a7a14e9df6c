import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

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
];

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
	// without creating work, so every reply is an error and the status cannot decide (n8n's
	// declarative test sees only the body once status errors are ignored, and a programmatic test
	// would need a helper the community lint forbids). The key is rejected when the reply's `error`
	// says so: n8n compares rule values exactly, so each spelling is listed.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}/v1',
			url: '/convert/',
			method: 'POST',
			body: { lang: 'en' },
			ignoreHttpStatusErrors: true,
		},
		rules: REJECTED_KEY_TEXTS.map((text) => ({
			type: 'responseSuccessBody' as const,
			properties: {
				key: 'error',
				value: text,
				message: `BackgroundRemoverAI rejected the API key: ${text}`,
			},
		})),
	};
}
