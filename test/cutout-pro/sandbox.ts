/** Cutout.pro's stand-in in the sandbox of `npm run dev` (test/fakes/sandbox.ts). Tasks finish at the first poll; with `notify`, a video or Photo Animer task also finishes by itself and is notified. */
import { startFakeCutoutPro } from '../fakes/cutout-pro';
import type { StandIn } from '../fakes/sandbox';

export const sandbox: StandIn = {
	start: async ({ apiKey, cutout, media, notify }) =>
		await startFakeCutoutPro({ apiKey, pollsUntilDone: 0, cutout, media, notify }),
};
