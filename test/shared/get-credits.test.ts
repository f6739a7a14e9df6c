/**
 * Account → Get Credits on every provider with a balance endpoint (the providers of
 * providers.manifest.ts whose node has an Account resource), each against its fake: free reads
 * repeated on a passing fault, a refused key as the error contract. What each provider's balance
 * looks like (credits, unit, limit when known, its own fields under `details`): its own tests,
 * test/<provider>/get-credits.test.ts.
 */
import { PROVIDERS, loadProvider } from '../providers';
import { useProviders } from '../reliability/lib/providers';

const WITH_GET_CREDITS = PROVIDERS.filter((entry) =>
	loadProvider(entry)
		.node()
		.description.properties.some(
			(p) => p.name === 'resource' && p.options?.some((o) => 'value' in o && o.value === 'account'),
		),
).map((entry) => entry.id);
const envs = useProviders(WITH_GET_CREDITS);
const GET_CREDITS = { resource: 'account', operation: 'getCredits' };

describe('Account → Get Credits', () => {
	it('is found on the nodes that have it', () => {
		expect(WITH_GET_CREDITS.length).toBeGreaterThanOrEqual(4);
	});

	it.each(WITH_GET_CREDITS)(
		'%s: a 502 on the read is retried (a free read), then succeeds',
		async (key) => {
			const env = envs[key];
			env.fake.faults.add({ kind: { status: 502 }, times: 1 });
			const { items, error } = await env.run(GET_CREDITS);
			expect(error).toBeUndefined();
			expect(typeof items[0].json.credits).toBe('number');
			expect(env.fake.requests).toHaveLength(2);
		},
	);

	it.each(WITH_GET_CREDITS)(
		'%s: a refused key fails with the provider error and never shows the key',
		async (key) => {
			const env = envs[key];
			const wrongKey = `wrong-${env.apiKey}`;
			const { error } = await env.run(GET_CREDITS, undefined, { apiKey: wrongKey });
			expect(error?.message).toMatch(new RegExp(`^${env.name.replace('.', '\\.')} error \\S+: `));
			expect(
				JSON.stringify({ message: error?.message, description: error?.description }),
			).not.toContain(wrongKey);
		},
	);
});
