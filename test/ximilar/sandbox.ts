/** Ximilar's stand-in in the sandbox of `npm run dev` (test/fakes/sandbox.ts). */
import { startFakeXimilar } from '../fakes/ximilar';
import type { StandIn } from '../fakes/sandbox';

export const sandbox: StandIn = {
	start: async ({ apiKey, cutout }) => await startFakeXimilar({ apiKey, cutout }),
};
