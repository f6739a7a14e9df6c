/**
 * Photoroom in a Dry Run: what a catalog run would cost before it is paid for. A 2,000-row sheet
 * with three bad rows gives three errors and the price of the rest, with nothing sent; Photoroom's
 * documented prices per call (Edit, Remove Background and its preview size, a sandbox key).
 */
import type { FakePhotoroom } from '../fakes/photoroom';
import { SANDBOX_PREFIX } from '../fakes/photoroom';
import { makePng } from '../fakes/media';
import { binaryItem, useProviders } from '../reliability/lib/providers';

const envs = useProviders(['photoroom']);
const env = () => envs.photoroom;
const fake = () => env().fake as FakePhotoroom;
const dryRun = { dryRun: true };

beforeEach(() => fake().reset());

describe('Photoroom Dry Run', () => {
	it('prices a 2,000-row sheet and names its 3 bad rows, sending nothing', async () => {
		const rows = Array.from({ length: 2000 }, (_, i) => ({
			json: {
				sku: `SKU-${i}`,
				url: [17, 800, 1999].includes(i) ? 'not a url' : `https://cdn.example.com/p/${i}.jpg`,
			},
		}));
		const { items, error } = await env().run(
			{
				resource: 'image',
				operation: 'edit',
				inputType: 'url',
				imageUrl: '={{ $json.url }}',
				marketplace: 'amazon',
				options: dryRun,
			},
			rows,
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(fake().requests).toEqual([]);
		expect(items).toHaveLength(2000);
		const failed = items.flatMap((item, i) => (item.json.error ? [i] : []));
		expect(failed).toEqual([17, 800, 1999]);
		expect(String(items[17].json.error)).toMatch(/^Invalid "Image URL" in item 17/);
		const described = items.filter((item) => item.json.dryRun === true);
		expect(described).toHaveLength(1997);
		expect(described[0].json).toMatchObject({
			sku: 'SKU-0',
			status: 'dryRun',
			request: {
				method: 'GET',
				path: '/v2/edit',
				query: {
					imageUrl: 'https://cdn.example.com/p/0.jpg',
					'background.color': 'FFFFFF',
					outputSize: '2000x2000',
				},
			},
			price: { amount: 1, unit: 'images', note: 'Plus plan; 5 on the Basic plan' },
			runTotal: { items: 1997, price: [{ amount: 1997, unit: 'images' }] },
		});
	});

	it('prices Remove Background by size, and a sandbox key at nothing', async () => {
		const photo = () => [binaryItem(makePng(40, 30), 'shoe.png')];
		const base = { resource: 'image', operation: 'removeBackground', binaryPropertyName: 'data' };
		const full = await env().run({ ...base, options: dryRun }, photo());
		expect(full.items[0].json).toMatchObject({
			request: {
				method: 'POST',
				path: '/v1/segment',
				files: [
					{ field: 'image_file', name: 'shoe.png', type: 'image/png', size: expect.any(Number) },
				],
			},
			price: { amount: 1, unit: 'images' },
		});
		const preview = await env().run(
			{ ...base, imageOptions: { size: 'preview' }, options: dryRun },
			photo(),
		);
		expect(preview.items[0].json).toMatchObject({
			request: { fields: { size: 'preview' } },
			price: { amount: 0.25, unit: 'images', note: 'a preview (up to 0.25 MP)' },
		});
		const sandbox = await env().run({ ...base, options: dryRun }, photo(), {
			apiKey: `${SANDBOX_PREFIX}${env().apiKey}`,
		});
		expect(sandbox.items[0].json.price).toEqual({
			amount: 0,
			unit: 'images',
			note: 'a sandbox key: free, watermarked results',
		});
		expect(fake().requests).toEqual([]);
	});
});
