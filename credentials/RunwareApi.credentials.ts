import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { credentialTestRules, NO_REDIRECTS } from '../nodes/shared/credentialTest';

export class RunwareApi implements ICredentialType {
	name = 'runwareApi';

	displayName = 'Runware API';

	icon: Icon = { light: 'file:runware.svg', dark: 'file:runware.dark.svg' };

	documentationUrl = 'https://runware.ai/docs/en/getting-started/how-to-connect';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Your API key from the Runware dashboard (my.runware.ai/keys); sent as "Authorization: Bearer &lt;key&gt;"',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.runware.ai',
			description:
				'Change only to go through a proxy (or a local test server). Tasks are sent to POST {Base URL}/v1.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.apiKey}}' },
		},
	};

	// Reading the account details is free, so the Test button costs nothing.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/v1',
			method: 'POST',
			body: [
				{
					taskType: 'accountManagement',
					operation: 'getDetails',
					taskUUID: '3f6c1a52-8d4e-4b7a-9c21-5e0f7d9b2a64',
				},
			],
			json: true,
			...NO_REDIRECTS,
		},
		// A refused key must fail the test even when the refusal comes with HTTP 200: n8n's rules
		// match one exact value, so they test the refusal's code and the missing task result.
		rules: credentialTestRules('Runware', {
			refusals: [
				{
					key: 'errors[0].code',
					value: 'invalidApiKey',
					message: 'Runware refused the API key (invalidApiKey)',
				},
			],
			required: [
				{
					key: 'data',
					message: 'Runware did not answer the account request (check the API key)',
				},
			],
		}),
	};
}
