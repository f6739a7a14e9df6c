/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code reads the example workflow */
/**
 * The trigger example's placeholder Secret Token (public in examples/video-finished-trigger.json)
 * is refused when n8n publishes the workflow or the editor listens, and is shown as such in the
 * editor, where the masked field hides it. `npm run dev` gives its copy a random token.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { CutoutProTrigger } from '../../nodes/CutoutPro/CutoutProTrigger.node';
import { EXAMPLE_TOKEN } from '../../nodes/CutoutPro/trigger/notification';
import { activateWebhook } from '../harness/n8n';

const REPO_DIR = path.join(__dirname, '..', '..');
const events = ['EVENT_VIDEO_TASK_FINISHED'];

describe('Cutout.pro Trigger: the example placeholder token', () => {
	it('is the token the example ships, and the one npm run dev replaces', () => {
		const example = JSON.parse(
			readFileSync(path.join(REPO_DIR, 'examples', 'video-finished-trigger.json'), 'utf8'),
		) as { nodes: Array<{ type: string; parameters: { secretToken?: string } }> };
		const trigger = example.nodes.find((node) => node.type.endsWith('.cutoutProTrigger'));
		expect(trigger?.parameters.secretToken).toBe(EXAMPLE_TOKEN);
		const sandboxScript = readFileSync(path.join(REPO_DIR, 'scripts', 'sandbox.mjs'), 'utf8');
		expect(sandboxScript).toContain(`export const EXAMPLE_TOKEN = '${EXAMPLE_TOKEN}';`);
	});

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
