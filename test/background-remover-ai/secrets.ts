/** BackgroundRemoverAI's runs in the secrets suites (test/suites/secrets.ts, test/suites/hardening.ts). */
import { makeMp4 } from '../fakes/media';
import { binaryItem } from '../reliability/lib/providers';
import type { SecretsRows } from '../suites/secrets';
import { FAST_WAIT, png } from '../suites/secrets';

export const secrets: SecretsRows = {
	scenarios: [
		{
			label: 'image.removeBackground (upload, poll, download)',
			params: {
				resource: 'image',
				operation: 'removeBackground',
				binaryPropertyName: 'data',
				model: 'u2net',
				backgroundType: 'transparent',
				maxWaitSeconds: 30,
				pollIntervalSeconds: 0.25,
			},
			items: png,
			first: (path) => path === '/v1/convert/',
			status: (path) => path === '/v1/results/',
			errorBody: (_code, text) => ({ error: text, detail: { echo: text } }),
		},
		{
			label: 'video.removeBackground (streamed upload, poll, download)',
			params: {
				resource: 'video',
				operation: 'removeBackground',
				binaryPropertyName: 'data',
				model: 'u2net',
				videoFormat: 'mov',
				downloadResult: true,
				...FAST_WAIT,
			},
			items: () => [binaryItem(makeMp4(), 'clip.mp4', 'video/mp4')],
			first: (path) => path === '/v1/convert/',
			status: (path) => path === '/v1/results/',
			errorBody: (_code, text) => ({ error: [text, { message: text }] }),
		},
	],
	firstRequest: {
		params: {
			resource: 'conversion',
			operation: 'getResult',
			conversionId: 'c0ffee00-0000-4000-8000-000000000001',
		},
	},
};
