/**
 * A provider added through the manifest alone: test/synthetic/ holds a node, a credential, a fake
 * and contract rows, and ./synthetic/manifest.ts one entry naming them. The contract test's own
 * suite runs on that entry unchanged, as it does on providers.manifest.ts's entries.
 */
import { describeDryRun } from './contract/dry-run';
import { describeContract } from './contract/suite';
import { loadProvider } from './providers';
import { SYNTHETIC } from './synthetic/manifest';

describeContract([SYNTHETIC]);
describeDryRun([SYNTHETIC]);

describe('a manifest entry', () => {
	it('is checked against what it names', () => {
		expect(loadProvider(SYNTHETIC).node().description.name).toBe('synthetic');
		expect(() => loadProvider({ ...SYNTHETIC, displayName: 'Other' })).toThrow(
			/displayName Synthetic/,
		);
		expect(() => loadProvider({ ...SYNTHETIC, baseUrl: 'https://elsewhere.example' })).toThrow(
			/Base URL/,
		);
		expect(() => loadProvider({ ...SYNTHETIC, id: 'other' })).toThrow(/PROVIDER_ID is synthetic/);
		expect(() =>
			loadProvider({ ...SYNTHETIC, fake: { ...SYNTHETIC.fake, start: 'startNothing' } }),
		).toThrow(/exports no startNothing/);
	});
});
