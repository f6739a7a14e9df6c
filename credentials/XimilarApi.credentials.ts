import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class XimilarApi implements ICredentialType {
	name = 'ximilarApi';

	displayName = 'Ximilar API';

	icon: Icon = { light: 'file:ximilar.svg', dark: 'file:ximilar.dark.svg' };

	documentationUrl = 'https://docs.ximilar.com/quickstart';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Your API token from app.ximilar.com (Settings); sent as the header "Authorization: Token <key>"',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.ximilar.com',
			description: 'Change only to go through a proxy (or a local test server)',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Token {{$credentials.apiKey}}' },
		},
	};

	// Reading the account details is free, so the Test button costs no credits.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/account/v2/details/',
			method: 'GET',
		},
	};
}
