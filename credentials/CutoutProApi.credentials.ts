import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { credentialTestRules, NO_REDIRECTS } from '../nodes/shared/credentialTest';

export class CutoutProApi implements ICredentialType {
	name = 'cutoutProApi';

	displayName = 'Cutout.pro API';

	icon: Icon = { light: 'file:cutoutPro.svg', dark: 'file:cutoutPro.dark.svg' };

	documentationUrl = 'https://www.cutout.pro/api-document';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your API key from the Cutout.pro API settings page; sent as the APIKEY header',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://www.cutout.pro',
			description: 'Change only to go through a proxy (or a local test server)',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { APIKEY: '={{$credentials.apiKey}}' },
		},
	};

	// Reading the credit balance is free, so the Test button costs nothing. Every Cutout.pro reply
	// is `{code, data, msg, time}`, and it may refuse a key with HTTP 200 and `code` ≠ 0; n8n's
	// rules match one exact value, so they test what every refusal has and every success lacks:
	// no `data` (missing or null), and that the reply is Cutout.pro's (it has `code`).
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}/api/v1',
			url: '/mySubscription',
			method: 'GET',
			...NO_REDIRECTS,
		},
		rules: credentialTestRules('Cutout.pro', {
			refusals: [null].map((value) => ({
				key: 'data',
				value,
				message: 'Cutout.pro refused the API key (its reply carries no account data)',
			})),
			required: [
				{
					key: 'data',
					message: 'Cutout.pro refused the API key (its reply carries no account data)',
				},
				{ key: 'code' },
			],
		}),
	};
}
