import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { credentialTestRules, NO_REDIRECTS } from '../nodes/shared/credentialTest';

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

	// Reading the account details is free, so the Test button costs no credits. Every account
	// reply has the plan's credit fields (`credits_counter`, `credits_limit`, which Get Credits
	// reads): a 2xx without them (a parked page, `{}`, another API) fails the Test.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/account/v2/details/',
			method: 'GET',
			...NO_REDIRECTS,
		},
		rules: credentialTestRules('Ximilar', {
			statuses: [401, 403].map((status) => ({
				status,
				message: `Ximilar refused the API key (HTTP ${status})`,
			})),
			required: [{ key: 'credits_limit' }, { key: 'credits_counter' }],
		}),
	};
}
