/**
 * Cutout.pro's matting replies (image bytes) and its JSON replies are read through the byte
 * counter of result downloads, with a cap: a small gzip reply that inflates to 256 MB fails its
 * item with a size error, and the process inflates no more than the cap (counted, not timed).
 */
import type { IDataObject } from 'n8n-workflow';

import { CutoutProApi } from '../../credentials/CutoutProApi.credentials';
import { CutoutPro } from '../../nodes/CutoutPro/CutoutPro.node';
import { MAX_JSON_REPLY_BYTES } from '../../nodes/shared/apiRequest';
import { MAX_IMAGE_RESULT_BYTES } from '../../nodes/shared/download';
import { runAgainstGzipBomb } from '../harness/gzip-bomb';

const MB = 1024 * 1024;

const run = async (contentType: string, parameters: IDataObject) =>
	await runAgainstGzipBomb(
		{ node: new CutoutPro(), credential: new CutoutProApi(), apiKey: 'cutout-key' },
		contentType,
		parameters,
	);

describe('Cutout.pro replies are capped while they stream in', () => {
	it('a matting reply that inflates to 256 MB fails its item at the image cap', async () => {
		const { items, inflatedBytes, bomb } = await run('image/png', {
			resource: 'image',
			operation: 'removeBackground',
			inputType: 'binary',
			binaryPropertyName: 'data',
		});
		expect(bomb.requests).toEqual([{ method: 'POST', path: '/api/v1/matting' }]);
		expect(items).toHaveLength(1);
		expect(items[0].binary).toBeUndefined();
		expect(items[0].json.error).toBe(
			'Cutout.pro reply to /matting is over the 100.0 MB limit for an image reply',
		);
		expect(inflatedBytes).toBeGreaterThan(MAX_IMAGE_RESULT_BYTES);
		expect(inflatedBytes).toBeLessThan(MAX_IMAGE_RESULT_BYTES + MB);
	});

	it('a JSON reply that inflates to 256 MB fails its item at the JSON cap', async () => {
		const { items, inflatedBytes } = await run('application/json', {
			resource: 'account',
			operation: 'getCredits',
			balance: 'credits',
		});
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toBe(
			'Cutout.pro reply to /mySubscription is over the 10.0 MB limit for a JSON reply',
		);
		expect(inflatedBytes).toBeGreaterThan(MAX_JSON_REPLY_BYTES);
		expect(inflatedBytes).toBeLessThan(MAX_JSON_REPLY_BYTES + MB);
	});
});
