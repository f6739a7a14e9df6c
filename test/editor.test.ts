/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code reads README.md */
/**
 * What the editor shows of each node of providers.manifest.ts: the editor suite
 * (test/suites/editor.ts: subtitles, Options, the nodes panel's search; each provider's
 * expectations in test/<provider>/editor.ts), and what concerns the package as a whole: Docs links
 * land on a README section, and the one nodes-panel entry n8n makes of Cutout.pro and its trigger
 * (it shows the trigger's description) must describe both.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { CutoutPro } from '../nodes/CutoutPro/CutoutPro.node';
import { CutoutProTrigger } from '../nodes/CutoutPro/CutoutProTrigger.node';
import { PROVIDERS } from './providers';
import type { Entry } from './suites/editor';
import {
	describeEditor,
	nodesOf,
	operationsOf,
	packagedCodex,
	panelEntries,
	panelSearch,
	sourcesOf,
	subtitle,
} from './suites/editor';

/** Every node of every provider of providers.manifest.ts. */
const NODES = nodesOf(PROVIDERS);
const SOURCES = sourcesOf(PROVIDERS);
const ALL: string[] = PROVIDERS.map((entry) => entry.displayName);

describeEditor(PROVIDERS);

describe('what the editor shows of the package', () => {
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
});

describe('the nodes panel, for the package', () => {
	it('Cutout.pro and its trigger are one entry, named Cutout.pro', () => {
		expect(
			panelEntries(PROVIDERS)
				.map((e) => e.properties.displayName)
				.sort(),
		).toEqual([...ALL].sort());
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
		expect(panelSearch('upscale video', panelEntries(PROVIDERS))).toEqual([]);
		expect(panelSearch('face swap', panelEntries(PROVIDERS))).toEqual([]);
	});
});
