/** Cutout.pro's rows in the faults suite (test/suites/faults.ts): Video → Remove Background by URL, waited for and downloaded. */
import { FAULT } from '../fakes/faults';
import type { FaultScenario } from '../suites/faults';
import { startsWith, WAIT } from '../suites/faults';

export const faults: FaultScenario = {
	params: {
		resource: 'video',
		operation: 'removeBackground',
		videoUrl: 'https://cdn.example.com/clip.mp4',
		outputFormat: 'mov',
		waitForCompletion: true,
		downloadResult: true,
		...WAIT,
	},
	items: () => [{ json: {} }],
	paths: {
		submit: startsWith('/api/v1/video/submitTaskByUrl'),
		status: startsWith('/api/v1/video/getTaskInfo'),
		download: startsWith('/results/'),
	},
	missingFields: () => ({ code: 0, data: { taskId: 42 }, msg: null }),
	failingTask: { params: { videoUrl: `https://cdn.example.com/clip${FAULT.videoFails}.mp4` } },
	submitOnly: { waitForCompletion: false },
	stillRunning: { code: 0, data: { status: 'processing', percentage: '42' }, msg: null },
	errors: {
		missingFields: 'Cutout.pro reply to video/submitTaskByUrl is missing expected fields',
		taskFails: /^Cutout\.pro task [0-9a-f]{32} failed: Video decode error$/,
		neverFinishes: /^Cutout\.pro task [0-9a-f]{32} did not finish within 1 s$/,
	},
};
