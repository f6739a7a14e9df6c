import type { IDataObject } from 'n8n-workflow';

import { randomBytes } from 'node:crypto';

import { XimilarApi } from '../../credentials/XimilarApi.credentials';
import { Ximilar } from '../../nodes/Ximilar/Ximilar.node';
import type { RecordedRequest } from '../fakes/fake-server';
import { makePng } from '../fakes/media';
import { useFake } from '../fakes/use-fake';
import { startFakeXimilar } from '../fakes/ximilar';
import { runNode, type FixtureItem } from '../harness/n8n';

/** A fresh key per run: tests search outputs and errors for it. */
export const API_KEY = `ximilar-${randomBytes(12).toString('hex')}`;

/** Starts one fake Ximilar for the test file and returns a runner bound to it. */
export function useFakeXimilar() {
	const fake = useFake(async () => await startFakeXimilar({ apiKey: API_KEY }));
	const run = async (
		parameters: IDataObject,
		items: FixtureItem[] = [{ json: {} }],
		continueOnFail = false,
		apiKey = API_KEY,
	) =>
		await runNode({
			node: new Ximilar(),
			credentials: { type: new XimilarApi(), data: { apiKey, baseUrl: fake().baseUrl } },
			parameters,
			items,
			continueOnFail,
		});
	/** The removebg calls the fake received (result downloads left out). */
	const calls = () => fake().requests.filter((r) => r.path.endsWith('/removebg'));
	/** The result downloads the fake served. */
	const downloads = () => fake().requests.filter((r) => r.method === 'GET');
	return { fake, run, calls, downloads };
}

export const bodyOf = (request: RecordedRequest) =>
	request.body as { records: IDataObject[]; image_format?: string; image_quality?: number };

export function pngItem(width: number, height: number, fileName = 'photo.png'): FixtureItem {
	return { binary: { data: { data: makePng(width, height), fileName, mimeType: 'image/png' } } };
}

export const removeBackground = {
	resource: 'image',
	operation: 'removeBackground',
};
