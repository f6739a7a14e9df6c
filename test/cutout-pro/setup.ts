import type { IDataObject } from 'n8n-workflow';

import { CutoutProApi } from '../../credentials/CutoutProApi.credentials';
import { CutoutPro } from '../../nodes/CutoutPro/CutoutPro.node';
import { startFakeCutoutPro, type FakeCutoutPro } from '../fakes/cutout-pro';
import { runNode, type FixtureItem } from '../harness/n8n';

import { randomBytes } from 'node:crypto';

/** A fresh key per run: tests search outputs and errors for it. */
export const API_KEY = `cutout-${randomBytes(12).toString('hex')}`;

/** Starts one fake Cutout.pro for the test file and returns a runner bound to it. */
export function useFakeCutoutPro(options: { pollsUntilDone?: number } = {}) {
	const env = {} as { fake: FakeCutoutPro; run: typeof run };
	const run = async (
		parameters: IDataObject,
		items: FixtureItem[] = [{ json: {} }],
		continueOnFail = false,
	) =>
		await runNode({
			node: new CutoutPro(),
			credentials: {
				type: new CutoutProApi(),
				data: { apiKey: API_KEY, baseUrl: env.fake.baseUrl },
			},
			parameters,
			items,
			continueOnFail,
		});
	env.run = run;
	beforeAll(async () => {
		env.fake = await startFakeCutoutPro({
			apiKey: API_KEY,
			pollsUntilDone: options.pollsUntilDone ?? 2,
		});
	});
	afterAll(async () => await env.fake.close());
	beforeEach(() => env.fake.reset());
	return env;
}

/** Fast polling for tests: the schedule's floor is 250 ms. */
export const FAST_WAIT = { waitForCompletion: true, maxWaitSeconds: 30, pollIntervalSeconds: 0.25 };
