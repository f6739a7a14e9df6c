import { createHash, randomBytes } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { BackgroundRemoverAiApi } from '../../credentials/BackgroundRemoverAiApi.credentials';
import { BackgroundRemoverAi } from '../../nodes/BackgroundRemoverAi/BackgroundRemoverAi.node';
import {
	startFakeBackgroundRemoverAi,
	type FakeBackgroundRemoverAi,
	type FakeBackgroundRemoverAiOptions,
} from '../fakes/background-remover-ai';
import type { FaultKind, RecordedRequest } from '../fakes/fake-server';
import { runNode, type FixtureItem } from '../harness/n8n';

/** A fresh key per run: tests search outputs and errors for it. */
export const API_KEY = `brai-${randomBytes(12).toString('hex')}`;

/** Fast polling for tests: the schedule's floor is 250 ms. */
export const FAST_WAIT = { maxWaitSeconds: 30, pollIntervalSeconds: 0.25 };

/** Image → Remove Background with every choice at its default. */
export const IMAGE_PARAMS = {
	resource: 'image',
	operation: 'removeBackground',
	binaryPropertyName: 'data',
	model: 'u2net',
	alphaMatting: false,
	onlyMask: false,
	backgroundType: 'transparent',
	...FAST_WAIT,
};

/** Alpha matting settings as node parameters, and the form fields they must become. */
export function alphaMatting(fg: number, bg: number, erode: number, baseSize: number) {
	return {
		params: {
			alphaMatting: true,
			alphaForegroundThreshold: fg,
			alphaBackgroundThreshold: bg,
			alphaErodeSize: erode,
			alphaBaseSize: baseSize,
		},
		fields: {
			alpha_matting: 'true',
			alpha_fg: String(fg),
			alpha_bg: String(bg),
			alpha_erode: String(erode),
			alpha_base_size: String(baseSize),
		},
	};
}

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Starts one fake BackgroundRemoverAI for the test file and returns a runner bound to it. */
export function useFakeBrai(options: Omit<FakeBackgroundRemoverAiOptions, 'apiKey'> = {}) {
	const env = {} as {
		fake: FakeBackgroundRemoverAi;
		run: typeof run;
		runWithKey: typeof runWithKey;
	};
	const runWithKey = async (
		apiKey: string,
		parameters: IDataObject,
		items: FixtureItem[] = [{ json: {} }],
		continueOnFail = false,
	) =>
		await runNode({
			node: new BackgroundRemoverAi(),
			credentials: {
				type: new BackgroundRemoverAiApi(),
				data: { apiKey, baseUrl: `${env.fake.baseUrl}/` },
			},
			parameters,
			items,
			continueOnFail,
		});
	const run = async (parameters: IDataObject, items?: FixtureItem[], continueOnFail = false) =>
		await runWithKey(API_KEY, parameters, items, continueOnFail);
	env.run = run;
	env.runWithKey = runWithKey;
	beforeAll(async () => {
		env.fake = await startFakeBackgroundRemoverAi({ apiKey: API_KEY, ...options });
	});
	afterAll(async () => await env.fake.close());
	beforeEach(() => env.fake.reset());
	return env;
}

export const CONVERT = '/v1/convert/';
export const RESULTS = '/v1/results/';
export const isPath = (path: string) => (request: RecordedRequest) => request.path === path;

/** Requests to one path, in order. */
export function requestsTo(fake: FakeBackgroundRemoverAi, path: string): RecordedRequest[] {
	return fake.requests.filter(isPath(path));
}

/** The single-valued multipart text fields of a request. */
export function fieldsOf(request: RecordedRequest): Record<string, string> {
	return Object.fromEntries(
		Object.entries(request.fields).map(([name, values]) => [name, values.join('|')]),
	);
}

/**
 * An injected reply with any status. The fake framework applies every status the same way;
 * its type lists only the retryable ones.
 */
export function replyFault(status: number, body: unknown): FaultKind {
	return { status, body } as unknown as FaultKind;
}

export function binaryItem(
	data: Buffer,
	fileName: string,
	mimeType: string,
	extra: FixtureItem['binary'] = {},
): FixtureItem {
	return { json: { name: fileName }, binary: { data: { data, fileName, mimeType }, ...extra } };
}
