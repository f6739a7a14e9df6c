/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code reads the repository */
/**
 * Prose that names or counts the providers, packages and examples is checked against what it
 * describes, so that a new provider or example cannot leave it behind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { PROVIDERS } from './providers';
import { EXAMPLE_TOKEN } from '../nodes/CutoutPro/trigger/notification';

const REPO_DIR = path.join(__dirname, '..');
const packageJson = JSON.parse(readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8')) as {
	description: string;
	keywords: string[];
};

describe('package.json', () => {
	it.each(PROVIDERS.map((p) => [p.displayName, p] as const))(
		'names %s in its description and keywords',
		(displayName, entry) => {
			expect(packageJson.description).toContain(displayName);
			// a provider package's own keyword (its second one after n8n's), e.g. "cutout.pro"
			const own = entry.npm.keywords.filter(
				(k) => !['n8n-community-node-package', 'n8n'].includes(k),
			)[0];
			expect(packageJson.keywords).toContain(own);
		},
	);
});

describe('README examples', () => {
	const readme = readFileSync(path.join(REPO_DIR, 'README.md'), 'utf8');
	const files = readdirSync(path.join(REPO_DIR, 'examples'))
		.filter((name) => name.endsWith('.json'))
		.sort();

	it('lists every example file in its table, and no other', () => {
		const listed = [...readme.matchAll(/^\| `examples\/([^`]+\.json)` \|/gm)]
			.map((m) => m[1])
			.sort();
		expect(listed).toEqual(files);
	});

	it('ships the trigger example with the placeholder token the trigger refuses, which npm run dev replaces', () => {
		const example = JSON.parse(
			readFileSync(path.join(REPO_DIR, 'examples', 'video-finished-trigger.json'), 'utf8'),
		) as { nodes: Array<{ type: string; parameters: { secretToken?: string } }> };
		const trigger = example.nodes.find((node) => node.type.endsWith('.cutoutProTrigger'));
		expect(trigger?.parameters.secretToken).toBe(EXAMPLE_TOKEN);
		const sandboxScript = readFileSync(path.join(REPO_DIR, 'scripts', 'sandbox.mjs'), 'utf8');
		expect(sandboxScript).toContain(`export const EXAMPLE_TOKEN = '${EXAMPLE_TOKEN}';`);
	});

	it('counts no examples in words (the dev banner counts the imported ones)', () => {
		const devScript = readFileSync(path.join(REPO_DIR, 'scripts', 'dev.mjs'), 'utf8');
		for (const text of [readme, devScript])
			expect(text).not.toMatch(/\b(three|four|five|six|seven|eight|nine|ten) examples\b/i);
		expect(devScript).toContain('${examples.length} examples');
	});
});
