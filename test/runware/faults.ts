/** Runware's rows in the faults suite (test/suites/faults.ts): synchronous, so no status poll and no task rows. */
import type { IDataObject } from 'n8n-workflow';

import type { FaultScenario } from '../suites/faults';
import { png, startsWith } from '../suites/faults';

export const faults: FaultScenario = {
	params: {
		resource: 'image',
		operation: 'removeBackground',
		inputType: 'binary',
		binaryPropertyName: 'data',
		model: 'runware:109@1',
		outputType: 'URL',
		outputFormat: 'PNG',
	},
	items: () => png(),
	paths: {
		submit: (r) => r.method === 'POST' && r.path === '/v1',
		download: startsWith('/image/ws/'),
	},
	// The task is answered (its taskUUID matches) but without the image URL asked for.
	missingFields: (request) => ({
		data: (request.body as IDataObject[]).map((task) => ({
			taskType: 'removeBackground',
			taskUUID: task.taskUUID,
		})),
	}),
	errors: {
		status: (status, text) =>
			`Runware error ${status === 429 ? 'rateLimitExceeded' : 'serverError'}: ${text}`,
		missingFields: /^Runware reply has no imageURL for task [0-9a-f-]{36}$/,
	},
};
