/**
 * The trigger example's placeholder Secret Token (public in examples/video-finished-trigger.json)
 * is refused when n8n publishes the workflow or the editor listens, and is shown as such in the
 * editor, where the masked field hides it. (That the example ships it and `npm run dev` replaces it
 * is checked by test/prose.test.ts, with the repository's other examples.)
 */
import { CutoutProTrigger } from '../../nodes/CutoutPro/CutoutProTrigger.node';
import { EXAMPLE_TOKEN } from '../../nodes/CutoutPro/trigger/notification';
import { activateWebhook } from '../harness/webhook';

const events = ['EVENT_VIDEO_TASK_FINISHED'];

describe('Cutout.pro Trigger: the example placeholder token', () => {
	it.each(['activate', 'manual'] as const)(
		'refuses it when n8n sets the webhook up (%s), naming what to do',
		async (activation) => {
			await expect(
				activateWebhook(new CutoutProTrigger(), { events, secretToken: EXAMPLE_TOKEN }, activation),
			).rejects.toMatchObject({
				message: "The Secret Token is still the example's placeholder, which anyone can read",
				description: expect.stringContaining('openssl rand -hex 32'),
			});
		},
	);

	it.each([
		['a token of your own', 'f'.repeat(64)],
		['no token (a notice says what that allows)', ''],
	])('accepts %s', async (_case, secretToken) => {
		expect(await activateWebhook(new CutoutProTrigger(), { events, secretToken })).toEqual([
			'checkExists',
		]);
	});

	it('shows a notice while the field holds the placeholder', () => {
		const notice = new CutoutProTrigger().description.properties.find(
			(p) => p.name === 'exampleTokenNotice',
		);
		expect(notice?.type).toBe('notice');
		expect(notice?.displayOptions?.show?.secretToken).toEqual([EXAMPLE_TOKEN]);
	});
});
