/** Photoroom's stand-in in the sandbox of `npm run dev` (test/fakes/sandbox.ts). Its fake draws the input's product on the asked background and size (sandbox-media.ts). */
import { startFakePhotoroom } from '../fakes/photoroom';
import type { StandIn } from '../fakes/sandbox';

export const sandbox: StandIn = {
	start: async ({ apiKey, media }) => await startFakePhotoroom({ apiKey, pictures: media.picture }),
};
