/** Photoroom's stand-in in the sandbox of `npm run dev` (test/fakes/sandbox.ts). Its fake draws its result in one colour, of the size and format asked. */
import { startFakePhotoroom } from '../fakes/photoroom';
import type { StandIn } from '../fakes/sandbox';

export const sandbox: StandIn = {
	start: async ({ apiKey }) => await startFakePhotoroom({ apiKey }),
};
