/** BackgroundRemoverAI's stand-in in the sandbox of `npm run dev` (test/fakes/sandbox.ts). Conversions finish at the first status poll. */
import { startFakeBackgroundRemoverAi } from '../fakes/background-remover-ai';
import type { StandIn } from '../fakes/sandbox';

export const sandbox: StandIn = {
	start: async ({ apiKey, media }) =>
		await startFakeBackgroundRemoverAi({ apiKey, pollsUntilDone: 0, media }),
};
