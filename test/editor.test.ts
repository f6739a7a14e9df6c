/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code reads README.md */
/**
 * What the editor shows of each node, evaluated the way n8n's editor evaluates it: subtitles go
 * through n8n-workflow's expression engine (the canvas's getNodeSubtitle), Docs links must land
 * on a README section, the one nodes-panel entry n8n makes of Cutout.pro and its trigger
 * (it shows the trigger's description) must describe both, and the nodes panel's search finds each
 * node by the phrases people type.
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

import { CutoutPro } from '../nodes/CutoutPro/CutoutPro.node';
import { CutoutProTrigger } from '../nodes/CutoutPro/CutoutProTrigger.node';
import { PAID_OPERATIONS } from '../nodes/shared/descriptions';
import { loadProvider, PROVIDERS } from './providers';

/** Every node of every provider of providers.manifest.ts. */
const NODES: INodeType[] = PROVIDERS.flatMap((entry) => loadProvider(entry).nodes());

class Types implements INodeTypes {
	getByName(name: string): INodeType | IVersionedNodeType {
		return NODES.find((node) => node.description.name === name)!;
	}
	getByNameAndVersion(name: string): INodeType {
		return NODES.find((node) => node.description.name === name)!;
	}
	getKnownTypes() {
		return {};
	}
}

/** The subtitle as the canvas shows it for a node with these parameters. */
function subtitle(nodeType: INodeType, parameters: Record<string, unknown>): unknown {
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
		nodeTypes: new Types(),
	});
	return workflow.expression.getSimpleParameterValue(
		node,
		nodeType.description.subtitle!,
		'internal',
		{},
	);
}

function operationsOf(
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

describe('what the editor shows', () => {
	const actionNodes = NODES.filter((node) => !node.description.group.includes('trigger'));

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

	it('the trigger subtitle names its events in words', () => {
		const trigger = new CutoutProTrigger();
		expect(subtitle(trigger, {})).toBe('Video Task Finished, Photo Animer Task Finished');
		expect(subtitle(trigger, { events: ['EVENT_FACE_DRIVEN_TASK_FINISHED'] })).toBe(
			'Photo Animer Task Finished',
		);
	});

	it('Docs links go to a section of the README in the package repository', () => {
		const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
		// GitHub's anchors: headings lower-cased, punctuation dropped, spaces as dashes.
		const anchors = new Set(
			[...readme.matchAll(/^#{2,3} (.+)$/gm)].map(([, title]) =>
				title
					.toLowerCase()
					.replace(/[^a-z0-9 -]/g, '')
					.replace(/ /g, '-'),
			),
		);
		const repository = JSON.parse(
			readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'),
		).repository.url.replace(/^git\+|\.git$/g, '');
		for (const node of NODES) {
			const url = new URL(node.description.documentationUrl!);
			expect(`${url.origin}${url.pathname}`).toBe(repository);
			expect(anchors).toContain(url.hash.slice(1));
		}
	});

	it('the one nodes-panel entry of Cutout.pro (it shows the trigger text) describes both nodes', () => {
		const text = new CutoutProTrigger().description.description;
		expect(text).toMatch(/remove backgrounds/i);
		expect(text).toMatch(/animate face photos/i);
		expect(text).toMatch(/start workflows when/i);
	});

	it("the trigger's Get Task notice names each Get Task as the Cutout.pro node shows it", () => {
		const notice = new CutoutProTrigger().description.properties.find(
			(p) => p.name === 'getTaskNotice',
		)!.displayName;
		const getTasks = operationsOf(new CutoutPro()).filter((o) => o.operation === 'getTask');
		expect(getTasks.map((o) => o.resource).sort()).toEqual(['photo', 'video']);
		for (const { resource, operation } of getTasks) {
			// the canvas subtitle of that node is the name a user sees ("Photo Animation: Get Task")
			expect(notice).toContain(String(subtitle(new CutoutPro(), { resource, operation })));
		}
	});

	it('every Task ID field is called Task ID, whatever the provider calls it', () => {
		const cutout = new CutoutPro().description.properties;
		const ids = cutout.filter((p) => ['taskFlag', 'taskId'].includes(p.name));
		expect(ids.length).toBeGreaterThanOrEqual(3);
		for (const field of ids) expect(field.displayName).toBe('Task ID');
	});

	/**
	 * Where each node's own options act ("<resource>.<operation>"); the options every node offers
	 * (Concurrency, Adapt to Provider Limit, Keep Input Fields, Request Timeout) act everywhere, and
	 * Dry Run on the operations that pay.
	 */
	const OWN_OPTIONS_ACT_ON: Record<string, Record<string, string[]>> = {
		cutoutPro: {
			allowPrivateFileUrl: ['video.removeBackground', 'video.createPreview', 'photo.animate'],
		},
		backgroundRemoverAi: { batchSize: ['image.removeBackground'] },
		ximilar: { batchSize: ['image.removeBackground'] },
		runware: { batchSize: ['image.removeBackground'], outputQuality: ['image.removeBackground'] },
		photoroom: {},
	};
	const EVERYWHERE = ['adaptiveConcurrency', 'concurrency', 'keepInputFields', 'timeoutSeconds'];

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

/**
 * The nodes panel's search, as n8n 2.41's editor runs it (searchNodes in the node creator): the
 * query loses a last word that starts "trigger" ("cutout trig" searches "cutout"), is lower-cased,
 * and goes through @n8n/utils' sublimeSearch over each entry's displayName and codex aliases. We
 * call the very sublimeSearch n8n-workflow 2.41 depends on (the editor bundles the same code).
 */
type Entry = { key: string; properties: { displayName: string; codex?: { alias?: string[] } } };
type SublimeSearch = (filter: string, items: Entry[]) => Array<{ item: Entry }>;
const { sublimeSearch } = createRequire(require.resolve('n8n-workflow'))(
	'@n8n/utils/search/sublime-search',
) as { sublimeSearch: SublimeSearch };

function panelSearch(query: string, entries: Entry[]): string[] {
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
function packagedCodex(sourceFile: string): { alias?: string[]; categories?: string[] } {
	const { alias, categories } = JSON.parse(
		readFileSync(path.join(__dirname, '..', `${sourceFile.replace(/\.ts$/, '.js')}on`), 'utf8'),
	) as { alias?: string[]; categories?: string[] };
	return { alias, categories };
}

const SOURCES: Record<string, string> = Object.fromEntries(
	PROVIDERS.flatMap((entry) => {
		const nodes = loadProvider(entry).nodes();
		return entry.nodes.map((node, i) => [nodes[i].description.displayName, `${node.file}.ts`]);
	}),
);

/**
 * The panel's entries: one per node, except that a trigger whose app node exists (same name without
 * "Trigger") is merged into the app node's entry, which keeps the app node's name and codex
 * (generateMergedNodesAndActions in the editor).
 */
function panelEntries(): Entry[] {
	const names = new Set(NODES.map((node) => node.description.name));
	return NODES.filter(
		(node) =>
			!node.description.group.includes('trigger') ||
			!names.has(node.description.name.replace('Trigger', '')),
	).map((node) => ({
		key: node.description.name,
		properties: {
			displayName: node.description.displayName,
			codex: { alias: packagedCodex(SOURCES[node.description.displayName]).alias },
		},
	}));
}

const ALL: string[] = PROVIDERS.map((entry) => entry.displayName);
/** Phrase typed in the nodes panel → the entries it must find, and only those of this package. */
const PHRASES: Record<string, string[]> = {
	'background removal': ALL,
	'remove background': ALL,
	'background remover': ALL,
	'remove bg': ALL,
	background: ALL,
	cutout: ALL,
	matting: ALL,
	transparent: ALL,
	'product photo': ALL,
	'Cutout.pro': ['Cutout.pro'],
	'cutout pro': ['Cutout.pro'],
	'cutout trigger': ALL, // the trigger is part of the Cutout.pro entry; "trigger" is dropped
	'photo animation': ['Cutout.pro'],
	'photo animer': ['Cutout.pro'],
	'animate face': ['Cutout.pro'],
	'animate photo': ['Cutout.pro'],
	BackgroundRemoverAI: ['BackgroundRemoverAI'],
	'background remover ai': ['BackgroundRemoverAI'],
	Ximilar: ['Ximilar'],
	Runware: ['Runware'],
	Photoroom: ['Photoroom'],
	'marketplace image': ['Photoroom'],
	amazon: ['Photoroom'],
};

describe('the nodes panel finds every node by the phrases people type', () => {
	it('every node has a codex file with aliases, loaded the way n8n loads a package', () => {
		expect(Object.keys(SOURCES).sort()).toEqual(NODES.map((n) => n.description.displayName).sort());
		for (const source of Object.values(SOURCES)) {
			const codex = packagedCodex(source);
			expect(codex.alias?.length).toBeGreaterThan(0);
			expect(codex.categories).toEqual(expect.arrayContaining(['Utility']));
			// the package's text is English only (npm run check:packages)
			for (const alias of codex.alias!) expect(alias).toMatch(/^[a-z0-9 .]+$/);
		}
	});

	it('Cutout.pro and its trigger are one entry, named Cutout.pro', () => {
		expect(
			panelEntries()
				.map((e) => e.properties.displayName)
				.sort(),
		).toEqual([...ALL].sort());
	});

	it.each(Object.entries(PHRASES))('"%s" finds %j', (phrase, expected) => {
		expect(panelSearch(phrase, panelEntries()).sort()).toEqual([...expected].sort());
	});

	it('the trigger finds its own way too, should n8n list it apart', () => {
		const trigger = new CutoutProTrigger().description;
		const alone: Entry[] = [
			{
				key: trigger.name,
				properties: {
					displayName: trigger.displayName,
					codex: { alias: packagedCodex(SOURCES[trigger.displayName]).alias },
				},
			},
		];
		for (const phrase of ['background removal', 'cutout', 'photo animation', 'animate face'])
			expect(panelSearch(phrase, alone)).toEqual([trigger.displayName]);
	});

	it('uses the real matching rule: a phrase that is in no name nor alias finds nothing', () => {
		expect(panelSearch('upscale video', panelEntries())).toEqual([]);
		expect(panelSearch('face swap', panelEntries())).toEqual([]);
	});
});
