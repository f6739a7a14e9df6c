/**
 * The test-only Synthetic provider's API: POST /v1/remove-background `{ image: <base64> }` with
 * `X-Api-Key`, answering `{ id, image: <base64 PNG> }` or `{ code, message }` with 4xx; GET
 * /v1/account for the credential's Test button.
 */
import type { FakeServer } from '../fakes/fake-server';
import { router, startFakeServer } from '../fakes/fake-server';
import { makePng } from '../fakes/media';
import type { PaidWork } from '../fakes/paid-work';

export const paidWork: PaidWork = {
	isPaid: (r) => r.method === 'POST' && r.path === '/v1/remove-background',
	units: () => 1,
};

export async function startFakeSynthetic(opts: {
	apiKey: string;
	latencyMs?: number;
}): Promise<FakeServer> {
	let tasks = 0;
	return await startFakeServer(
		router({
			'GET /v1/account': async ({ req, json }) => {
				if (req.headers['x-api-key'] !== opts.apiKey)
					await json(401, { code: 'invalid_key', message: 'Invalid API key' });
				else await json(200, { credits: 10 });
			},
			'POST /v1/remove-background': async ({ req, json }) => {
				if (req.headers['x-api-key'] !== opts.apiKey) {
					await json(401, { code: 'invalid_key', message: 'Invalid API key' });
					return;
				}
				const image = (req.body as { image?: unknown } | undefined)?.image;
				if (typeof image !== 'string' || image === '') {
					await json(400, { code: 'no_image', message: 'image is required' });
					return;
				}
				await json(200, { id: `task-${++tasks}`, image: makePng(8, 6).toString('base64') });
			},
		}),
		{
			latencyMs: opts.latencyMs,
			errorBody: (status, message) => ({ code: String(status), message }),
		},
	);
}
