/**
 * The four provider nodes behind one shape, each against its own fake, for the reliability suites:
 * one fresh random API key per test-file run, a runner per node, and what counts as paid work.
 */
import { randomBytes } from 'node:crypto';

import type { ICredentialType, IDataObject, INodeType } from 'n8n-workflow';

import { BackgroundRemoverAiApi } from '../../../credentials/BackgroundRemoverAiApi.credentials';
import { CutoutProApi } from '../../../credentials/CutoutProApi.credentials';
import { RunwareApi } from '../../../credentials/RunwareApi.credentials';
import { XimilarApi } from '../../../credentials/XimilarApi.credentials';
import { BackgroundRemoverAi } from '../../../nodes/BackgroundRemoverAi/BackgroundRemoverAi.node';
import { CutoutPro } from '../../../nodes/CutoutPro/CutoutPro.node';
import { Runware } from '../../../nodes/Runware/Runware.node';
import { Ximilar } from '../../../nodes/Ximilar/Ximilar.node';
import { startFakeBackgroundRemoverAi } from '../../fakes/background-remover-ai';
import { startFakeCutoutPro } from '../../fakes/cutout-pro';
import type { FakeServer, FaultKind, RecordedRequest } from '../../fakes/fake-server';
import { startFakeRunware } from '../../fakes/runware';
import { startFakeXimilar } from '../../fakes/ximilar';
import type { FixtureItem, NodeRun } from '../../harness/n8n';
import { runNode } from '../../harness/n8n';

export type ProviderKey = 'cutoutPro' | 'backgroundRemoverAi' | 'ximilar' | 'runware';

export const PROVIDER_NAMES: Record<ProviderKey, string> = {
	cutoutPro: 'Cutout.pro',
	backgroundRemoverAi: 'BackgroundRemoverAI',
	ximilar: 'Ximilar',
	runware: 'Runware',
};

const PROVIDER_KEYS = Object.keys(PROVIDER_NAMES) as ProviderKey[];

/** A fresh key per run, with a recognisable prefix so a leak is easy to spot in a diff. */
export const randomApiKey = (prefix: string) => `${prefix}-${randomBytes(16).toString('hex')}`;

export interface RunOptions {
	continueOnFail?: boolean;
	/** Sent instead of the key the fake accepts (the fake then answers 401). */
	apiKey?: string;
}

export interface ProviderEnv {
	key: ProviderKey;
	name: string;
	/** The key the fake accepts. */
	apiKey: string;
	fake: FakeServer;
	run(parameters: IDataObject, items?: FixtureItem[], options?: RunOptions): Promise<NodeRun>;
	/** Units of paid work the fake was asked for: tasks, uploaded files or records. */
	paidUnits(): number;
	/** Requests that create paid work. */
	isPaid(request: RecordedRequest): boolean;
}

interface Definition {
	node: () => INodeType;
	credential: () => ICredentialType;
	start: (apiKey: string) => Promise<FakeServer>;
	isPaid: (request: RecordedRequest) => boolean;
	units: (request: RecordedRequest) => number;
}

const DEFINITIONS: Record<ProviderKey, Definition> = {
	cutoutPro: {
		node: () => new CutoutPro(),
		credential: () => new CutoutProApi(),
		// Done at the first status poll: every async run costs one poll interval.
		start: async (apiKey) => await startFakeCutoutPro({ apiKey, pollsUntilDone: 0 }),
		isPaid: (r) =>
			/\/(submitTaskByUrl|submitVideoImagePreviewTaskByUrl|matting|mattingByUrl)$/.test(r.path),
		units: () => 1,
	},
	backgroundRemoverAi: {
		node: () => new BackgroundRemoverAi(),
		credential: () => new BackgroundRemoverAiApi(),
		start: async (apiKey) => await startFakeBackgroundRemoverAi({ apiKey, pollsUntilDone: 0 }),
		isPaid: (r) => r.path === '/v1/convert/',
		units: (r) => r.files.filter((file) => file.field === 'files').length,
	},
	ximilar: {
		node: () => new Ximilar(),
		credential: () => new XimilarApi(),
		start: async (apiKey) => await startFakeXimilar({ apiKey }),
		isPaid: (r) => r.method === 'POST' && r.path.endsWith('/removebg'),
		units: (r) => ((r.body as { records?: unknown[] } | undefined)?.records ?? []).length,
	},
	runware: {
		node: () => new Runware(),
		credential: () => new RunwareApi(),
		start: async (apiKey) => await startFakeRunware({ apiKey }),
		isPaid: (r) => r.method === 'POST' && r.path === '/v1',
		units: (r) => (Array.isArray(r.body) ? r.body.length : 0),
	},
};

/**
 * Starts the fakes of the given providers for the enclosing test file (reset before each test)
 * and returns their environments, filled in once `beforeAll` has run.
 */
export function useProviders(keys: readonly ProviderKey[] = PROVIDER_KEYS) {
	const envs = {} as Record<ProviderKey, ProviderEnv>;
	beforeAll(async () => {
		for (const key of keys) {
			const definition = DEFINITIONS[key];
			const apiKey = randomApiKey(key);
			const fake = await definition.start(apiKey);
			envs[key] = {
				key,
				name: PROVIDER_NAMES[key],
				apiKey,
				fake,
				isPaid: definition.isPaid,
				paidUnits: () =>
					fake.requests
						.filter(definition.isPaid)
						.reduce((sum, request) => sum + definition.units(request), 0),
				run: async (parameters, items = [{ json: {} }], options = {}) =>
					await runNode({
						node: definition.node(),
						credentials: {
							type: definition.credential(),
							data: {
								apiKey: options.apiKey ?? apiKey,
								baseUrl: fake.baseUrl,
							},
						},
						parameters,
						items,
						continueOnFail: options.continueOnFail ?? false,
					}),
			};
		}
	});
	beforeEach(() => {
		for (const key of keys) envs[key]?.fake.reset();
	});
	afterAll(async () => {
		for (const key of keys) await envs[key]?.fake.close();
	});
	return envs;
}

/**
 * An injected reply with any status and body. The fake framework sends every status the same
 * way; its type lists only the retryable ones.
 */
export function reply(status: number, body: unknown): FaultKind {
	return { status, body } as unknown as FaultKind;
}

export function binaryItem(
	data: Buffer,
	fileName = 'photo.png',
	mimeType = 'image/png',
	json: IDataObject = {},
	property = 'data',
): FixtureItem {
	return { json, binary: { [property]: { data, fileName, mimeType } } };
}
