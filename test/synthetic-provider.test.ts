/**
 * A provider added through its manifest entry and its test folder alone: test/synthetic/ holds a
 * node, a credential, a fake and its rows in every shared suite, and ./synthetic/manifest.ts one
 * entry naming them. Every suite runs on that entry unchanged, as it does on providers.manifest.ts's
 * entries (without recording the reliability figures, which are the real providers').
 * @own-registry: the secrets suite sets n8n's log level to debug for the module registry it runs in.
 */
import './reliability/lib/debug-logging';

import { describeDryRun } from './contract/dry-run';
import { describeContract } from './contract/suite';
import { loadProvider } from './providers';
import { describeBadInput } from './suites/bad-input';
import { describeCredentialTests } from './suites/credential';
import { describeEditor } from './suites/editor';
import { describeFaults } from './suites/faults';
import { describeEchoedKeys, describeRedirects } from './suites/hardening';
import { describeSecrets } from './suites/secrets';
import { SYNTHETIC } from './synthetic/manifest';

describeContract([SYNTHETIC]);
describeFaults([SYNTHETIC]);
describeBadInput([SYNTHETIC]);
describeSecrets([SYNTHETIC]);
describeEchoedKeys([SYNTHETIC]);
describeRedirects([SYNTHETIC]);
describeEditor([SYNTHETIC]);
describeCredentialTests([SYNTHETIC]);
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
