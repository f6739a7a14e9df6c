import { randomBytes } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { RunwareApi } from '../../credentials/RunwareApi.credentials';
import { Runware } from '../../nodes/Runware/Runware.node';
import type { RecordedRequest } from '../fakes/fake-server';
import { makeJpeg, makePng, makeWebp } from '../fakes/media';
import { startFakeRunware, type FakeRunware } from '../fakes/runware';
import { runNode, type FixtureItem } from '../harness/n8n';

/** A fresh key per run: tests search outputs and errors for it. */
export const API_KEY = `rw-${randomBytes(12).toString('hex')}`;

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Starts one fake Runware for the test file and returns a runner bound to it. */
export function useFakeRunware() {
	const env = {} as { fake: FakeRunware; run: typeof run; runWithKey: typeof runWithKey };
	const runWithKey = async (
		apiKey: string,
		parameters: IDataObject,
		items: FixtureItem[] = [{ json: {} }],
		continueOnFail = false,
	) =>
		await runNode({
			node: new Runware(),
			credentials: { type: new RunwareApi(), data: { apiKey, baseUrl: env.fake.baseUrl } },
			parameters: { resource: 'image', operation: 'removeBackground', ...parameters },
			items,
			continueOnFail,
		});
	const run = async (parameters: IDataObject, items?: FixtureItem[], continueOnFail = false) =>
		await runWithKey(API_KEY, parameters, items, continueOnFail);
	env.run = run;
	env.runWithKey = runWithKey;
	beforeAll(async () => {
		env.fake = await startFakeRunware({ apiKey: API_KEY });
	});
	afterAll(async () => await env.fake.close());
	beforeEach(() => env.fake.reset());
	return env;
}

/** Task submissions (POST /v1) the fake received. */
export const submissions = (fake: FakeRunware): RecordedRequest[] =>
	fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1');

/** The task objects of one submission. */
export const tasksOf = (request: RecordedRequest) => request.body as IDataObject[];

export const pngItem = (
	fileName = 'shoe.png',
	bytes = makePng(8, 6, [200, 10, 10, 255]),
): FixtureItem => ({
	binary: { data: { data: bytes, fileName, mimeType: 'image/png' } },
});
export const jpegItem = (fileName = 'photo.jpg', mimeType = 'image/jpeg'): FixtureItem => ({
	binary: { data: { data: makeJpeg(), fileName, mimeType } },
});
export const webpItem = (): FixtureItem => ({
	binary: { data: { data: makeWebp(), fileName: 'pic.webp', mimeType: 'image/webp' } },
});

export const BINARY = { inputType: 'binary', binaryPropertyName: 'data' };
export const byUrl = (imageUrl: string) => ({ inputType: 'url', imageUrl });
export const byUuid = (imageUuid: string) => ({ inputType: 'uuid', imageUuid });
