/**
 * The sandbox of `npm run dev`: the five provider stand-ins on 127.0.0.1, one API key for all,
 * background removal by sandbox-images.ts (near-white made transparent) where the fake sees
 * the image; real-looking results elsewhere (sandbox-media.ts: Photoroom's product on the asked
 * background and size, animations, short clips). Async tasks finish at the first status poll; with `notify`, a Cutout.pro video or
 * Photo Animer task also finishes by itself a moment after its submission and the Cutout.pro
 * stand-in POSTs its notification to the URLs `notify.urls()` gives, as Cutout.pro does to the
 * address set in the account (see cutout-pro.ts). Never shipped: the package's real installs
 * talk to the providers.
 */
import {
	startFakeBackgroundRemoverAi,
	type FakeBackgroundRemoverAi,
} from './background-remover-ai';
import { startFakeCutoutPro, type FakeCutoutPro, type FakeCutoutProOptions } from './cutout-pro';
import { startFakePhotoroom, type FakePhotoroom } from './photoroom';
import { startFakeRunware, type FakeRunware } from './runware';
import { sandboxCutout } from './sandbox-images';
import { sandboxMedia as media } from './sandbox-media';
import { startFakeXimilar, type FakeXimilar } from './ximilar';

/** The key every sandbox credential carries (the stand-ins check it like the real APIs do). */
export const SANDBOX_API_KEY = 'sandbox-no-real-key';

export interface Sandbox {
	/** Base URL per credential type, e.g. `{ ximilarApi: 'http://127.0.0.1:41234' }`. */
	baseUrls: Record<
		'cutoutProApi' | 'backgroundRemoverAiApi' | 'ximilarApi' | 'runwareApi' | 'photoroomApi',
		string
	>;
	apiKey: string;
	/** The running stand-ins (tests look at what they were sent). */
	providers: {
		cutoutPro: FakeCutoutPro;
		backgroundRemoverAi: FakeBackgroundRemoverAi;
		ximilar: FakeXimilar;
		runware: FakeRunware;
		photoroom: FakePhotoroom;
	};
	close(): Promise<void>;
}

export interface SandboxOptions {
	/** Where the Cutout.pro stand-in sends task-finished notifications (none without). */
	notify?: FakeCutoutProOptions['notify'];
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const apiKey = SANDBOX_API_KEY;
	const cutout = sandboxCutout;
	const [cutoutPro, backgroundRemoverAi, ximilar, runware, photoroom] = await Promise.all([
		startFakeCutoutPro({ apiKey, pollsUntilDone: 0, cutout, media, notify: options.notify }),
		startFakeBackgroundRemoverAi({ apiKey, pollsUntilDone: 0, media }),
		startFakeXimilar({ apiKey, cutout }),
		startFakeRunware({ apiKey, cutout }),
		startFakePhotoroom({ apiKey, pictures: media.picture }),
	]);
	const servers = [cutoutPro, backgroundRemoverAi, ximilar, runware, photoroom];
	return {
		apiKey,
		providers: { cutoutPro, backgroundRemoverAi, ximilar, runware, photoroom },
		baseUrls: {
			cutoutProApi: cutoutPro.baseUrl,
			backgroundRemoverAiApi: backgroundRemoverAi.baseUrl,
			ximilarApi: ximilar.baseUrl,
			runwareApi: runware.baseUrl,
			photoroomApi: photoroom.baseUrl,
		},
		close: async () => {
			await Promise.all(servers.map(async (s) => await s.close()));
		},
	};
}
