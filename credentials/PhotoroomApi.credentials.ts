import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { credentialTestRules, NO_REDIRECTS } from '../nodes/shared/credentialTest';

export class PhotoroomApi implements ICredentialType {
	name = 'photoroomApi';

	displayName = 'Photoroom API';

	icon: Icon = { light: 'file:photoroom.svg', dark: 'file:photoroom.dark.svg' };

	documentationUrl = 'https://docs.photoroom.com/getting-started/how-to-get-an-api-key';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Your API key from app.photoroom.com/api-dashboard; sent as "x-api-key". A sandbox key (starting with "sandbox_") is free and puts a watermark on every result: use it to build a workflow, then switch to the live key.',
		},
		{
			displayName:
				'A key starting with "sandbox_" is free (at most 100 calls a day, 1,000 a month) and every result carries a Photoroom watermark.',
			name: 'sandboxNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://image-api.photoroom.com',
			description:
				'Change only to go through a proxy (or a local test server). With the default, Edit and Account go to image-api.photoroom.com and Remove Background to sdk.photoroom.com; a changed Base URL serves all three.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'x-api-key': '={{$credentials.apiKey}}' },
		},
	};

	// Reading the account is free, so the Test button costs nothing; Photoroom refuses a bad key
	// (403). Every account reply is `{images: {available, subscription}, plan}`: a 2xx without
	// `images.available` (a parked page, `{}`, another API) fails the Test.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/v2/account',
			method: 'GET',
			...NO_REDIRECTS,
		},
		rules: credentialTestRules('Photoroom', {
			statuses: [401, 403].map((status) => ({
				status,
				message: `Photoroom refused the API key (HTTP ${status})`,
			})),
			required: [{ key: 'images.available' }],
		}),
	};
}
