/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code reads the packaged codex files */
/**
 * The editor suite (test/editor.test.ts runs it on providers.manifest.ts,
 * test/synthetic-provider.test.ts on the test-only provider), evaluated the way n8n's editor
 * evaluates it: subtitles go through n8n-workflow's expression engine (the canvas's
 * getNodeSubtitle), each entry of Options shows only where it acts, and the nodes panel's search
 * finds each node by the phrases people type. Each provider's expectations are its own: `editor`
 * in test/<provider>/editor.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import type {
	INode,
	INodeProperties,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { PAID_OPERATIONS } from '../../nodes/shared/descriptions';
import type { ProviderManifestEntry } from '../providers';
import { loadProvider } from '../providers';

/** A provider's expectations of the editor suite (`editor` in test/<provider>/editor.ts). */
export interface EditorRows {
	/**
	 * Where each of the node's own Options acts ("<resource>.<operation>"); the options every node
	 * offers (Concurrency, Adapt to Provider Limit, Keep Input Fields, Request Timeout) act everywhere.
	 */
	ownOptionsActOn: Record<string, string[]>;
	/** Phrases typed in the nodes panel that find this provider's entry alone. */
	searchPhrases: string[];
}

/** Phrases that find every entry of the package. */
const EVERY_ENTRY_PHRASES = [
	'background removal',
	'remove background',
	'background remover',
	'remove bg',
	'background',
	'cutout',
	'matting',
	'transparent',
	'product photo',
	'cutout trigger', // a trigger is part of its app node's entry; "trigger" is dropped
];

const EVERYWHERE = ['adaptiveConcurrency', 'concurrency', 'keepInputFields', 'timeoutSeconds'];

/** Every node of `entries`, each provider's main one first. */
export const nodesOf = (entries: readonly ProviderManifestEntry[]): INodeType[] =>
	entries.flatMap((entry) => loadProvider(entry).nodes());

class Types implements INodeTypes {
	constructor(private readonly nodes: INodeType[]) {}
	getByName(name: string): INodeType | IVersionedNodeType {
		return this.nodes.find((node) => node.description.name === name)!;
	}
	getByNameAndVersion(name: string): INodeType {
		return this.nodes.find((node) => node.description.name === name)!;
	}
	getKnownTypes() {
		return {};
	}
}

/** The subtitle as the canvas shows it for a node with these parameters. */
export function subtitle(nodeType: INodeType, parameters: Record<string, unknown>): unknown {
	const withDefaults = NodeHelpers.getNodeParameters(
		nodeType.description.properties,
		parameters as INode['parameters'],
		true,
		false,
		null,
		null,
	);
	const node: INode = {
		id: '1',
		name: 'Node',
		type: nodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: withDefaults ?? {},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new Types([nodeType]),
	});
	return workflow.expression.getSimpleParameterValue(
		node,
		nodeType.description.subtitle!,
		'internal',
		{},
	);
}

export function operationsOf(
	nodeType: INodeType,
): Array<{ resource: string; operation: string; name: string }> {
	const { properties } = nodeType.description;
	const resources = properties.find((p) => p.name === 'resource')!.options as Array<{
		value: string;
	}>;
	return resources.flatMap(({ value: resource }) => {
		const list = properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
		)!.options as Array<{ value: string; name: string }>;
		return list.map(({ value, name }) => ({ resource, operation: value, name }));
	});
}

/**
 * The nodes panel's search, as n8n 2.41's editor runs it (searchNodes in the node creator): the
 * query loses a last word that starts "trigger" ("cutout trig" searches "cutout"), is lower-cased,
 * and goes through @n8n/utils' sublimeSearch over each entry's displayName and codex aliases. We
 * call the very sublimeSearch n8n-workflow 2.41 depends on (the editor bundles the same code).
 */
export type Entry = {
	key: string;
	properties: { displayName: string; codex?: { alias?: string[] } };
};
type SublimeSearch = (filter: string, items: Entry[]) => Array<{ item: Entry }>;
const { sublimeSearch } = createRequire(require.resolve('n8n-workflow'))(
	'@n8n/utils/search/sublime-search',
) as { sublimeSearch: SublimeSearch };

export function panelSearch(query: string, entries: Entry[]): string[] {
	const words = query.split(' ');
	const trimmed =
		words.length > 1 && 'trigger'.startsWith(words[words.length - 1].toLowerCase())
			? words.slice(0, -1).filter(Boolean).join(' ').trimEnd()
			: query;
	return sublimeSearch(trimmed.toLowerCase(), entries).map(
		({ item }) => item.properties.displayName,
	);
}

/**
 * The codex of a node as n8n loads it from the package (DirectoryLoader.getCodex): the file next to
 * the node's .node.js named `${filePath}on`, i.e. <Node>.node.json, which the build copies to dist.
 */
export function packagedCodex(sourceFile: string): { alias?: string[]; categories?: string[] } {
	const { alias, categories } = JSON.parse(
		readFileSync(
			path.join(__dirname, '..', '..', `${sourceFile.replace(/\.ts$/, '.js')}on`),
			'utf8',
		),
	) as { alias?: string[]; categories?: string[] };
	return { alias, categories };
}

/** Each node's display name → its source file (entries' `nodes[].file`). */
export function sourcesOf(entries: readonly ProviderManifestEntry[]): Record<string, string> {
	return Object.fromEntries(
		entries.flatMap((entry) => {
			const nodes = loadProvider(entry).nodes();
			return entry.nodes.map((node, i) => [nodes[i].description.displayName, `${node.file}.ts`]);
		}),
	);
}

/**
 * The panel's entries: one per node, except that a trigger whose app node exists (same name without
 * "Trigger") is merged into the app node's entry, which keeps the app node's name and codex
 * (generateMergedNodesAndActions in the editor).
 */
export function panelEntries(entries: readonly ProviderManifestEntry[]): Entry[] {
	const nodes = nodesOf(entries);
	const sources = sourcesOf(entries);
	const names = new Set(nodes.map((node) => node.description.name));
	return nodes
		.filter(
			(node) =>
				!node.description.group.includes('trigger') ||
				!names.has(node.description.name.replace('Trigger', '')),
		)
		.map((node) => ({
			key: node.description.name,
			properties: {
				displayName: node.description.displayName,
				codex: { alias: packagedCodex(sources[node.description.displayName]).alias },
			},
		}));
}

export function describeEditor(entries: readonly ProviderManifestEntry[]): void {
	const NODES = nodesOf(entries);
	const actionNodes = NODES.filter((node) => !node.description.group.includes('trigger'));
	const OWN_OPTIONS_ACT_ON: Record<string, Record<string, string[]>> = Object.fromEntries(
		entries.map((entry) => [
			entry.nodes[0].type,
			loadProvider(entry).rows.editor().ownOptionsActOn,
		]),
	);

	describe('what the editor shows', () => {
		it.each(actionNodes.map((node) => [node.description.displayName, node] as const))(
			'%s: the canvas subtitle names the resource and operation in words',
			(_name, node) => {
				const operations = operationsOf(node);
				expect(operations.length).toBeGreaterThan(0);
				for (const { resource, operation, name } of operations) {
					const shown = subtitle(node, { resource, operation });
					expect(shown).toEqual(expect.stringContaining(name));
					// No parameter values ("removeBackground", "getTask") on the canvas.
					expect(shown).not.toMatch(/[a-z][A-Z]/);
				}
			},
		);

		it.each(actionNodes.map((node) => [node.description.displayName, node] as const))(
			'%s: every entry of Options is shown only for the operations it acts on',
			(_name, node) => {
				const { description } = node;
				const options = description.properties.find((p) => p.name === 'options')!;
				const entries = (options.options ?? []) as INodeProperties[];
				const own = OWN_OPTIONS_ACT_ON[description.name];
				expect(own).toBeDefined();
				expect(entries.map((entry) => entry.name).sort()).toEqual(
					[...EVERYWHERE, 'dryRun', ...Object.keys(own)].sort(),
				);
				for (const { resource, operation } of operationsOf(node)) {
					const root = { resource, operation, options: {} };
					const shown = entries
						.filter((entry) => NodeHelpers.displayParameter({}, entry, null, description, root))
						.map((entry) => entry.name)
						.sort();
					const expected = [
						...EVERYWHERE,
						// Dry Run: on every operation that pays
						...(PAID_OPERATIONS.includes(operation) ? ['dryRun'] : []),
						...Object.entries(own)
							.filter(([, where]) => where.includes(`${resource}.${operation}`))
							.map(([name]) => name),
					].sort();
					expect({ operation: `${resource}.${operation}`, shown }).toEqual({
						operation: `${resource}.${operation}`,
						shown: expected,
					});
				}
			},
		);
	});

	const ALL: string[] = entries.map((entry) => entry.displayName);
	/** Phrase typed in the nodes panel → the entries it must find, and only those of this package. */
	const PHRASES: Record<string, string[]> = {
		...Object.fromEntries(EVERY_ENTRY_PHRASES.map((phrase) => [phrase, ALL])),
		...Object.fromEntries(
			entries.flatMap((entry) =>
				loadProvider(entry)
					.rows.editor()
					.searchPhrases.map((phrase) => [phrase, [entry.displayName]]),
			),
		),
	};

	describe('the nodes panel finds every node by the phrases people type', () => {
		it('every node has a codex file with aliases, loaded the way n8n loads a package', () => {
			const sources = sourcesOf(entries);
			expect(Object.keys(sources).sort()).toEqual(
				NODES.map((n) => n.description.displayName).sort(),
			);
			for (const source of Object.values(sources)) {
				const codex = packagedCodex(source);
				expect(codex.alias?.length).toBeGreaterThan(0);
				expect(codex.categories).toEqual(expect.arrayContaining(['Utility']));
				// the package's text is English only (npm run check:packages)
				for (const alias of codex.alias!) expect(alias).toMatch(/^[a-z0-9 .]+$/);
			}
		});

		it.each(Object.entries(PHRASES))('"%s" finds %j', (phrase, expected) => {
			expect(panelSearch(phrase, panelEntries(entries)).sort()).toEqual([...expected].sort());
		});
	});
}
