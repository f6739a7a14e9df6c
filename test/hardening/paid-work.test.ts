/**
 * Without Continue On Fail, the first failed item fails the node after the other items in flight
 * finished: their paid results are not output. The error carries them (task IDs, result URLs,
 * which items), so nothing needs to be paid for twice.
 */
import { FAST_WAIT, useFakeCutoutPro } from '../cutout-pro/setup';
import { FAULT } from '../fakes/faults';

const env = useFakeCutoutPro({ pollsUntilDone: 0 });

const video = (name: string) => ({ json: { videoUrl: `https://cdn.example.com/${name}.mp4` } });
const PARAMETERS = {
	resource: 'video',
	operation: 'removeBackground',
	videoUrl: '={{ $json.videoUrl }}',
	outputFormat: 'mov',
	...FAST_WAIT,
};

describe('a failed item without Continue On Fail', () => {
	it('carries the task IDs and result URLs of the items the provider already did', async () => {
		const { error, items } = await env.run(PARAMETERS, [
			video('a'),
			video(`will${FAULT.videoFails}`),
			video('c'),
		]);
		expect(items).toEqual([]);
		expect(error?.message).toMatch(/^Cutout\.pro task \w+ failed: Video decode error$/);
		const tasks = [...env.fake.state.videoTasks.values()];
		const taskOf = (name: string) => tasks.find((task) => task.videoUrl.includes(`/${name}.mp4`))!;
		const done = ['a', 'c'].map((name, position) => ({
			itemIndex: position * 2,
			taskId: taskOf(name).taskFlag,
			status: 'done',
			resultUrl: `${env.fake.baseUrl}/results/${taskOf(name).taskFlag}.mov`,
		}));
		expect(error?.context?.workDone).toEqual(done);
		expect(error?.context?.taskId).toBe(taskOf(`will${FAULT.videoFails}`).taskFlag);
		for (const entry of done)
			expect(error?.description).toContain(`item ${entry.itemIndex}: task ${entry.taskId}`);
		expect(error?.description).toContain('Continue (using error output)');
	});

	it('adds nothing when no other item was paid for', async () => {
		const { error } = await env.run(PARAMETERS, [video(`will${FAULT.videoFails}`)]);
		expect(error?.context?.workDone).toBeUndefined();
		expect(error?.description ?? '').not.toContain('already did');
	});
});
