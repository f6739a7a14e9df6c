/** BackgroundRemoverAI's rows in the faults suite (test/suites/faults.ts): Image → Remove Background, polled and downloaded. */
import { FAULT } from '../fakes/faults';
import type { FaultScenario } from '../suites/faults';
import { png, startsWith, WAIT } from '../suites/faults';

export const faults: FaultScenario = {
	params: {
		resource: 'image',
		operation: 'removeBackground',
		binaryPropertyName: 'data',
		model: 'u2net',
		backgroundType: 'transparent',
		...WAIT,
	},
	items: () => png(),
	paths: {
		submit: startsWith('/v1/convert/'),
		status: startsWith('/v1/results/'),
		download: startsWith('/media/results/'),
	},
	missingFields: () => ({ status: 'queued' }),
	failingTask: { items: () => png(`photo${FAULT.unprocessable}.png`) },
	stillRunning: { finished: false, queue_count: 3, files: [], failed: [], errors: [] },
	errors: {
		missingFields: 'BackgroundRemoverAI sent a reply that is not a valid API response',
		taskFails: `BackgroundRemoverAI could not process "photo${FAULT.unprocessable}.png": could not process file`,
		neverFinishes: /^BackgroundRemoverAI task [0-9a-f-]{36} did not finish within 1 s$/,
	},
};
