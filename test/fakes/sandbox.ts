/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code, never shipped: it loads each provider's stand-in by path */
/**
 * The sandbox of `npm run dev`: every provider's stand-in on 127.0.0.1, one API key for all,
 * background removal by sandbox-images.ts (near-white made transparent) where a fake sees the
 * image, real-looking results elsewhere (sandbox-media.ts: a product on the asked background and
 * size, animations, short clips). Each provider's stand-in is its own: `sandbox` in test/<provider>/sandbox.ts (the
 * manifest's `tests` folder), which starts its fake with the options it models. Async tasks
 * finish at the first status poll; with `notify`, a provider that sends task notifications (the
 * Cutout.pro stand-in: a video or Photo Animer task finishes by itself a moment after its
 * submission and the stand-in POSTs its notification to the URLs `notify.urls()` gives, as
 * Cutout.pro does to the address set in the account; see cutout-pro.ts) sends them. Never
 * shipped: the package's real installs talk to the providers.
 */
import path from 'node:path';

import { PROVIDERS } from '../../providers.manifest';
import type { FakeCutoutProOptions } from './cutout-pro';
import type { FakeServer } from './fake-server';
import { sandboxCutout } from './sandbox-images';
import { sandboxMedia } from './sandbox-media';

/** The key every sandbox credential carries (the stand-ins check it like the real APIs do). */
export const SANDBOX_API_KEY = 'sandbox-no-real-key';

export interface SandboxOptions {
	/** Where a stand-in that notifies sends task-finished notifications (none without). */
	notify?: FakeCutoutProOptions['notify'];
}

/** What a provider's stand-in is started with; each takes what its fake models. */
export interface StandInOptions extends SandboxOptions {
	apiKey: string;
	/** The sandbox's background removal, for fakes that return the image they were sent. */
	cutout: typeof sandboxCutout;
	/** Real-looking results (pictures, animations, clips) for fakes that make their own. */
	media: typeof sandboxMedia;
}

/** A provider's stand-in (`sandbox` in test/<provider>/sandbox.ts). */
export interface StandIn {
	start(options: StandInOptions): Promise<FakeServer>;
}

export interface Sandbox {
	/** Base URL per credential type, e.g. `{ <credential type>: 'http://127.0.0.1:41234' }`. */
	baseUrls: Record<string, string>;
	apiKey: string;
	/** The running stand-ins by provider id (tests look at what they were sent). */
	providers: Record<string, FakeServer>;
	close(): Promise<void>;
}

/** The repository root: two folders up, here and in the compiled copy (.tmp/fakes). */
const ROOT = path.resolve(__dirname, '..', '..');

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const apiKey = SANDBOX_API_KEY;
	const servers = await Promise.all(
		PROVIDERS.map(async (entry) => {
			// eslint-disable-next-line @typescript-eslint/no-require-imports -- the manifest names the folder
			const { sandbox } = require(path.join(ROOT, entry.tests, 'sandbox')) as { sandbox: StandIn };
			return await sandbox.start({
				apiKey,
				cutout: sandboxCutout,
				media: sandboxMedia,
				notify: options.notify,
			});
		}),
	);
	return {
		apiKey,
		providers: Object.fromEntries(PROVIDERS.map((entry, i) => [entry.id, servers[i]])),
		baseUrls: Object.fromEntries(
			PROVIDERS.map((entry, i) => [entry.credential.type, servers[i].baseUrl]),
		),
		close: async () => {
			await Promise.all(servers.map(async (s) => await s.close()));
		},
	};
}
