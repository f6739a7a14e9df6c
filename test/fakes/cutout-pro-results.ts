/**
 * The result files of the Cutout.pro fake's tasks (./cutout-pro.ts serves them): a video task's
 * file (generated bodies of `videoResultBytes`, or the sandbox's clip), Photo Animer's MP4 and GIF,
 * a preview's frames.
 */
import type { CutoutFaceTask, CutoutVideoTask, FakeCutoutProOptions } from './cutout-pro';
import type { FakeServer } from './fake-server';
import { makeGif, makeJpeg, makeMov, makeMp4, makePng, makeWebm, MIME_TYPES } from './media';

const PREVIEW_FRAMES = [1.2, 2.3, 3.4];

/** `server()`: the running fake (asked when a result is made). */
export function resultFiles(server: () => FakeServer, opts: FakeCutoutProOptions) {
	function videoResult(task: CutoutVideoTask): string {
		const path = `/results/${task.taskFlag}.${task.outputFormat}`;
		const head = task.outputFormat === 'mov' ? makeMov() : makeWebm();
		const contentType = MIME_TYPES[task.outputFormat];
		if (opts.media)
			return server().files.put(path, { contentType, body: opts.media.clip(task.outputFormat) });
		return opts.videoResultBytes
			? server().files.put(path, { contentType, size: opts.videoResultBytes, generate: true, head })
			: server().files.put(path, { contentType, body: head });
	}

	function faceResult(task: CutoutFaceTask): { resultUrl: string; gifUrl?: string } {
		const resultUrl = server().files.put(`/results/face-${task.taskId}.mp4`, {
			contentType: 'video/mp4',
			body: opts.media?.clip('animation') ?? makeMp4(),
		});
		if (task.outputFormat !== 'gif') return { resultUrl };
		const gifUrl = server().files.put(`/results/face-${task.taskId}.gif`, {
			contentType: 'image/gif',
			body: opts.media?.animation({ url: task.imageUrl }) ?? makeGif(),
		});
		return { resultUrl, gifUrl };
	}

	function previewFrames(task: CutoutVideoTask) {
		const still = opts.media?.frame(task.videoUrl);
		return PREVIEW_FRAMES.map((time, i) => ({
			time,
			image: server().files.put(`/results/${task.taskFlag}/frame-${i}.jpg`, {
				contentType: 'image/jpeg',
				body: still?.jpg ?? makeJpeg(),
			}),
			matting: server().files.put(`/results/${task.taskFlag}/frame-${i}.png`, {
				contentType: 'image/png',
				body: still?.png ?? makePng(16, 9),
			}),
		}));
	}

	return { videoResult, faceResult, previewFrames };
}
