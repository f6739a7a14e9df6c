/** Runware's stand-in in the sandbox of `npm run dev` (test/fakes/sandbox.ts). */
import { startFakeRunware } from '../fakes/runware';
import type { StandIn } from '../fakes/sandbox';

export const sandbox: StandIn = {
	start: async ({ apiKey, cutout }) => await startFakeRunware({ apiKey, cutout }),
};
