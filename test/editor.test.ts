/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code reads README.md */
/**
 * What the editor shows of each node, evaluated the way n8n's editor evaluates it: subtitles go
 * through n8n-workflow's expression engine (the canvas's getNodeSubtitle), Docs links must land
 * on a README section, and the one nodes-panel entry n8n makes of Cutout.pro and its trigger
 * (it shows the trigger's description) must describe both.
 */
import { readFileSync } from 'node:fs';
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

	it('every Task ID field is called Task ID, whatever the provider calls it', () => {
		const cutout = new CutoutPro().description.properties;
		const ids = cutout.filter((p) => ['taskFlag', 'taskId'].includes(p.name));
		expect(ids.length).toBeGreaterThanOrEqual(3);
		for (const field of ids) expect(field.displayName).toBe('Task ID');
	});

	/**
	 * Where each node's own options act ("<resource>.<operation>"); the options every node offers
	 * (Concurrency, Adapt to Provider Limit, Keep Input Fields, Request Timeout) act everywhere.
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
				[...EVERYWHERE, ...Object.keys(own)].sort(),
			);
			for (const { resource, operation } of operationsOf(node)) {
				const root = { resource, operation, options: {} };
				const shown = entries
					.filter((entry) => NodeHelpers.displayParameter({}, entry, null, description, root))
					.map((entry) => entry.name)
					.sort();
				const expected = [
					...EVERYWHERE,
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
