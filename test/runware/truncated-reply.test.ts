/**
 * A base64 result image cut short (a PNG without its IEND chunk) is the contract's invalid reply:
 * the item fails and nothing is stored (issue 27, item 3: the shared completeness check).
 */
import { FAULT } from '../fakes/faults';
import { byUrl, useFakeRunware } from './setup';

const env = useFakeRunware();

describe('Runware: a base64 result image that ends early', () => {
	it.each([['base64Data' as const], ['dataURI' as const]])(
		'%s: invalid reply',
		async (outputType) => {
			const { items, error } = await env.run(
				{ ...byUrl(`https://cdn.example.com/shoe${FAULT.truncatedImage}.png`), outputType },
				[{ json: {} }],
			);
			expect(items).toEqual([]);
			expect(error?.message).toBe('Runware sent a reply that is not a valid API response');
			expect(error?.description).toMatch(/^The PNG image ends early \(\d+ bytes\)\.$/);
		},
	);
});
