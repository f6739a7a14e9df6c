/** Photoroom's credential Test button beyond the shared cases (test/suites/credential.ts). */
import { randomBytes } from 'node:crypto';

import { startFakePhotoroom } from '../fakes/photoroom';
import { runNode } from '../harness/n8n';
import { loadProvider, PROVIDERS } from '../providers';
import { credentialTestNode, verdict } from '../suites/credential';

const KEY = randomBytes(12).toString('hex');

describe('Photoroom credential Test button', () => {
	it('passes for a sandbox key (free, watermarked calls)', async () => {
		const type = loadProvider(PROVIDERS.find((entry) => entry.id === 'photoroom')!).credential();
		const fake = await startFakePhotoroom({ apiKey: KEY });
		try {
			const run = await runNode({
				node: credentialTestNode(type),
				credentials: { type, data: { apiKey: `sandbox_${KEY}`, baseUrl: fake.baseUrl } },
				parameters: {},
				items: [{ json: {} }],
			});
			expect(verdict(type, run)).toEqual({ status: 'OK' });
			expect(fake.requests[0].headers['x-api-key']).toBe(`sandbox_${KEY}`);
		} finally {
			await fake.close();
		}
	});
});
