/** Cutout.pro's runs in the secrets suites (test/suites/secrets.ts, test/suites/hardening.ts). */
import type { SecretsRows } from '../suites/secrets';
import { FAST_WAIT, png } from '../suites/secrets';

export const secrets: SecretsRows = {
	scenarios: [
		{
			label: 'video.removeBackground (submit, poll, download)',
			params: {
				resource: 'video',
				operation: 'removeBackground',
				videoUrl: 'https://cdn.example.com/clip.mp4',
				outputFormat: 'mov',
				downloadResult: true,
				...FAST_WAIT,
			},
			items: () => [{ json: {} }],
			first: (path) => path.endsWith('/submitTaskByUrl'),
			status: (path) => path.endsWith('/getTaskInfo'),
			errorBody: (code, text) => ({ code, msg: text, data: { echo: text } }),
		},
		{
			label: 'image.removeBackground (upload)',
			params: {
				resource: 'image',
				operation: 'removeBackground',
				inputType: 'binary',
				binaryPropertyName: 'data',
				mattingType: 'general',
			},
			items: png,
			first: (path) => path.endsWith('/matting'),
			errorBody: (code, text) => ({ code, msg: text, data: null }),
		},
	],
	firstRequest: { params: { resource: 'account', operation: 'getCredits' } },
};
