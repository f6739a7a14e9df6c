/**
 * Photoroom results made with a sandbox key carry a watermark: the json says so
 * (`sandbox: true, watermarked: true`) for both operations (issue 30, finding 14); a live key's
 * results say nothing of it.
 */
import { SANDBOX_PREFIX, SANDBOX_WATERMARK } from '../fakes/photoroom';
import { makePng } from '../fakes/media';
import { binaryBytes } from '../harness/n8n';
import { binaryItem, useProviders } from '../reliability/lib/providers';

const envs = useProviders(['photoroom']);
const env = () => envs.photoroom;
const shoe = () => [binaryItem(makePng(40, 30), 'shoe.png', 'image/png')];
const OPERATIONS = [
	{ name: 'Remove Background', parameters: { resource: 'image', operation: 'removeBackground' } },
	{ name: 'Edit', parameters: { resource: 'image', operation: 'edit', inputType: 'binary' } },
];

describe('Photoroom: a sandbox key’s results are flagged as watermarked', () => {
	it.each(OPERATIONS)('$name with a sandbox key', async ({ parameters }) => {
		const { items, error } = await env().run(
			{ ...parameters, binaryPropertyName: 'data' },
			shoe(),
			{ apiKey: `${SANDBOX_PREFIX}${env().apiKey}` },
		);
		expect(error).toBeUndefined();
		expect((await binaryBytes(items[0].binary!.data)).includes(SANDBOX_WATERMARK)).toBe(true);
		expect(items[0].json).toMatchObject({ sandbox: true, watermarked: true });
	});

	it.each(OPERATIONS)('$name with a live key: no flag', async ({ parameters }) => {
		const { items, error } = await env().run({ ...parameters, binaryPropertyName: 'data' }, shoe());
		expect(error).toBeUndefined();
		expect(items[0].json).not.toHaveProperty('sandbox');
		expect(items[0].json).not.toHaveProperty('watermarked');
	});
});
