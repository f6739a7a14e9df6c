import type { ProviderManifestEntry } from '../../providers.manifest';

/**
 * The test-only Synthetic provider's manifest entry: the same shape as an entry of
 * providers.manifest.ts, naming a node, a credential, a fake and contract rows.
 */
export const SYNTHETIC: ProviderManifestEntry = {
	id: 'synthetic',
	displayName: 'Synthetic',
	folder: 'Synthetic',
	nodes: [{ file: 'test/synthetic/Synthetic.node', className: 'Synthetic', type: 'synthetic' }],
	credential: {
		file: 'test/synthetic/SyntheticApi.credentials',
		className: 'SyntheticApi',
		type: 'syntheticApi',
	},
	baseUrl: 'https://api.synthetic.example',
	homepage: 'https://synthetic.example',
	npm: {
		name: 'n8n-nodes-synthetic',
		description: 'A test-only provider.',
		keywords: ['n8n-community-node-package'],
	},
	fake: { module: 'test/synthetic/fake', start: 'startFakeSynthetic' },
	tests: 'test/synthetic',
};
