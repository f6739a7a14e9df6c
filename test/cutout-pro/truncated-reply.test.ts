/**
 * A matting reply cut short (its Content-Length honest, the PNG without its IEND chunk) is the
 * contract's invalid reply: the item fails and nothing is stored. Before the shared completeness
 * check, Cutout.pro's matting stored whatever arrived (issue 27, item 3).
 */
import { makePng } from '../fakes/media';
import { binaryItem } from '../reliability/lib/providers';
import { useFakeCutoutPro } from './setup';

const env = useFakeCutoutPro();

describe('Cutout.pro: a matting reply that ends early', () => {
	it('is an invalid reply, not a stored result', async () => {
		env.fake.faults.add({ match: (req) => req.path === '/api/v1/matting', kind: 'truncated-json' });
		const { items, error } = await env.run(
			{
				resource: 'image',
				operation: 'removeBackground',
				inputType: 'binary',
				binaryPropertyName: 'data',
			},
			[binaryItem(makePng(40, 30), 'shoe.png')],
		);
		expect(items).toEqual([]);
		expect(error?.message).toBe('Cutout.pro sent a reply that is not a valid API response');
		expect(error?.description).toMatch(
			/^The PNG image ends early \(Content-Type: image\/png, \d+ bytes\)\.$/,
		);
	});
});
