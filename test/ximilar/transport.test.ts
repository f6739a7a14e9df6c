import { takeWaits } from '../harness/clock';
import { API_KEY, pngItem, removeBackground, useFakeXimilar } from './setup';

const env = useFakeXimilar();

const byUrl = {
	...removeBackground,
	endpoint: 'precise',
	inputType: 'url',
	imageUrl: 'https://cdn.example.com/a.jpg',
};
const isRemovebg = (request: { path: string }) => request.path.endsWith('/removebg');

describe('Ximilar transport: authentication and errors', () => {
	it('shows a wrong API key clearly, with the HTTP status and a hint', async () => {
		const { error } = await env.run(byUrl, [{ json: {} }], false, 'wrong-key-123');
		expect(env.calls()[0].headers.authorization).toBe('Token wrong-key-123');
		expect(error?.message).toBe('Ximilar error 401: Unauthorized');
		expect((error as { httpCode?: string }).httpCode).toBe('401');
		expect(error?.description).toContain('Check the API key of the Ximilar credential');
		expect(env.calls()).toHaveLength(1);
	});

	it('reads Django-style {detail} replies and non-JSON replies', async () => {
		env.fake().faults.add({
			match: isRemovebg,
			kind: { status: 500, body: { detail: 'A server error occurred.' } },
		});
		const detail = await env.run(byUrl);
		expect(detail.error?.message).toBe('Ximilar error 500: A server error occurred.');

		env.fake().faults.add({
			match: isRemovebg,
			kind: { status: 502, body: '<html>Bad Gateway</html>' },
		});
		const html = await env.run(byUrl);
		expect(html.error?.message).toBe('Ximilar error 502: HTTP 502');
		expect(html.error?.description).toContain('Reply: <html>Bad Gateway</html>');
		// neither is repeated: the request may have started paid work
		expect(env.calls()).toHaveLength(2);
	});

	it('reports a reply without records instead of crashing', async () => {
		env.fake().rewriteReply = () => ({ status: { code: 200, text: 'OK' } });
		const { error } = await env.run(byUrl);
		expect(error?.message).toBe('Ximilar sent a reply that is not a valid API response');
	});

	it('does not repeat a request whose connection was reset (it may have been charged)', async () => {
		env.fake().faults.add({ match: isRemovebg, kind: 'reset' });
		const { error } = await env.run(byUrl);
		expect(error?.message).toBe(
			'Ximilar could not be reached: the connection was reset (1 attempt(s))',
		);
		expect(env.calls()).toHaveLength(1);
	});
});

describe('Ximilar transport: rate limits', () => {
	it('waits for Retry-After on 429 and then succeeds, with one image processed', async () => {
		env.fake().faults.add({ match: isRemovebg, kind: { status: 429, retryAfter: 1 } });
		takeWaits();
		const { items, error } = await env.run(byUrl);
		expect(error).toBeUndefined();
		expect(takeWaits()).toContain(1000); // Retry-After: 1, honoured
		expect(env.calls()).toHaveLength(2);
		expect(env.calls()[0].fault).toBe('status-429');
		expect(env.fake().state.processed).toEqual({ precise: 1 });
		expect(items[0].json.status).toBe('done');
	});
});

describe('Ximilar transport: secrets', () => {
	it('never shows the API key, even when Ximilar echoes it back', async () => {
		env.fake().faults.add({
			match: isRemovebg,
			times: 2,
			kind: {
				status: 500,
				body: {
					status: {
						code: 500,
						text: `token ${API_KEY} is suspended`,
						error_description: `Authorization: Token ${API_KEY}`,
					},
				},
			},
		});
		const failed = await env.run(byUrl);
		const continued = await env.run(byUrl, [{ json: {} }], true);
		expect(failed.error?.message).toBe('Ximilar error 500: token *** is suspended');
		expect(continued.items[0].json.error).toBe('Ximilar error 500: token *** is suspended');
		const everything = JSON.stringify([
			failed.error,
			failed.error?.message,
			failed.error?.description,
			failed.run,
			continued.items,
			continued.run,
		]);
		expect(everything).not.toContain(API_KEY);
	});

	it('keeps the key out of a successful run', async () => {
		const { items, run } = await env.run(
			{ ...byUrl, inputType: 'binary', binaryPropertyName: 'data' },
			[pngItem(5, 5)],
		);
		expect(items[0].json.status).toBe('done');
		expect(JSON.stringify(run)).not.toContain(API_KEY);
	});
});
