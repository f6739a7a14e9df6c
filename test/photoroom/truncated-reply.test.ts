/**
 * An image reply cut short (its Content-Length honest, the PNG without its IEND chunk) is the
 * contract's invalid reply for both operations: the item fails and nothing is stored (issue 27,
 * item 3: the shared completeness check).
 */
import { makePng } from '../fakes/media';
import { binaryItem, useProviders } from '../reliability/lib/providers';

const envs = useProviders(['photoroom']);

describe('Photoroom: an image reply that ends early', () => {
	it.each([
		['removeBackground', '/v1/segment', {}],
		['edit', '/v2/edit', { inputType: 'binary' }],
	])('%s: invalid reply', async (operation, path, more) => {
		const env = envs.photoroom;
		env.fake.faults.add({ match: (req) => req.path === path, kind: 'truncated-json' });
		const { items, error } = await env.run(
			{ resource: 'image', operation, binaryPropertyName: 'data', ...more },
			[binaryItem(makePng(40, 30), 'shoe.png')],
		);
		expect(items).toEqual([]);
		expect(error?.message).toBe('Photoroom sent a reply that is not a valid API response');
		expect(error?.description).toMatch(
			/^The PNG image ends early \(Content-Type: image\/png, \d+ bytes\)\.$/,
		);
	});
});
