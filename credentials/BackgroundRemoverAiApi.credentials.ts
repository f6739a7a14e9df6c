import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

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
	// without creating work; how a valid key's refusal looks is not documented, so only a reply
	// that says the key is invalid fails the test (and any network failure).
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}/v1',
			url: '/convert/',
			method: 'POST',
			body: { lang: 'en' },
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: 'Invalid API key',
					message: 'BackgroundRemoverAI rejected the API key',
				},
			},
		],
	};
}
