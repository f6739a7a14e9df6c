/**
 * Photoroom's image replies and JSON replies are read through the byte counter of result downloads,
 * with a cap: a small gzip reply that inflates to 256 MB fails its item with a size error, and the
 * process inflates no more than the cap (counted, not timed) instead of the whole body.
 */
import type { IDataObject } from 'n8n-workflow';

import { PhotoroomApi } from '../../credentials/PhotoroomApi.credentials';
import { Photoroom } from '../../nodes/Photoroom/Photoroom.node';
import { MAX_JSON_REPLY_BYTES } from '../../nodes/shared/apiRequest';
import { MAX_IMAGE_RESULT_BYTES } from '../../nodes/shared/download';
import { runAgainstGzipBomb } from '../harness/gzip-bomb';

const MB = 1024 * 1024;

const run = async (contentType: string, parameters: IDataObject) =>
	await runAgainstGzipBomb(
		{ node: new Photoroom(), credential: new PhotoroomApi(), apiKey: 'sk_pr_test' },
		contentType,
		parameters,
	);

describe('Photoroom replies are capped while they stream in', () => {
	it('an image reply that inflates to 256 MB fails its item at the image cap', async () => {
		const { items, inflatedBytes, bomb } = await run('image/png', {
			resource: 'image',
			operation: 'removeBackground',
			binaryPropertyName: 'data',
		});
		expect(bomb.compressedBytes).toBeLessThan(300 * 1024);
		expect(bomb.requests).toEqual([{ method: 'POST', path: '/v1/segment' }]);
		expect(items).toHaveLength(1);
		expect(items[0].binary).toBeUndefined();
		expect(items[0].json.error).toBe(
			'Photoroom reply to /v1/segment is over the 100.0 MB limit for an image reply',
		);
		expect(items[0].json.description).toContain('The provider may have charged for this request.');
		// Stopped at the cap: at most one zlib chunk past it, far from the 256 MB the body holds.
		expect(inflatedBytes).toBeGreaterThan(MAX_IMAGE_RESULT_BYTES);
		expect(inflatedBytes).toBeLessThan(MAX_IMAGE_RESULT_BYTES + MB);
	});

	it('a JSON reply that inflates to 256 MB fails its item at the JSON cap', async () => {
		const { items, inflatedBytes } = await run('application/json', {
			resource: 'account',
			operation: 'getCredits',
		});
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toBe(
			'Photoroom reply to /v2/account is over the 10.0 MB limit for a JSON reply',
		);
		expect(inflatedBytes).toBeGreaterThan(MAX_JSON_REPLY_BYTES);
		expect(inflatedBytes).toBeLessThan(MAX_JSON_REPLY_BYTES + MB);
	});
});
