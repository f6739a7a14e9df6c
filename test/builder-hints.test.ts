/**
 * n8n's AI workflow builder finds nodes by `builderHint.searchHint` and suggests the nodes in
 * `relatedNodes`: every action node has both, and the related nodes are n8n's own (a type of this
 * package would be wrong in the per-provider packages, whose node types carry another prefix).
 */
import { loadProvider, PROVIDERS } from './providers';

const actionNodes = PROVIDERS.flatMap((entry) =>
	loadProvider(entry)
		.nodes()
		.filter((node) => node.description.usableAsTool)
		.map((node) => [node.description.name, node] as const),
);

describe('builder hints', () => {
	it('covers every action node of the manifest', () => {
		expect(actionNodes.map(([name]) => name).sort()).toEqual(
			PROVIDERS.map((entry) => entry.nodes[0].type).sort(),
		);
	});

	it.each(actionNodes)(
		'%s: a search hint that names the provider and related n8n nodes',
		(_name, node) => {
			const hint = node.description.builderHint;
			expect(hint?.searchHint).toEqual(expect.stringContaining(`${node.description.displayName}:`));
			expect(hint?.searchHint?.length).toBeGreaterThan(60);
			expect(hint?.relatedNodes?.length).toBeGreaterThan(0);
			for (const related of hint?.relatedNodes ?? []) {
				expect(related.nodeType).toMatch(/^n8n-nodes-base\.[a-zA-Z]+$/);
				expect(related.relationHint.length).toBeGreaterThan(10);
			}
		},
	);
});
