/**
 * The sandbox of `npm run dev` answers what the real services would, at a glance (issue 28
 * item 5): Photoroom's result is the input's product on the requested background, size, padding
 * and alignment; Photo Animer's GIF is an animation of several frames; video results are real
 * clips; preview frames show the sample picture. Before this, each was a blank (one colour, a
 * 1x1 GIF, a 41-byte video, 16x9 frames). Straight HTTP to the stand-ins: no n8n needed.
 */
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

import { imageSize } from './fakes/photoroom-images';
import { makeMedia, sniff } from './fakes/media';
import { startSandbox, type Sandbox } from './fakes/sandbox';
import { encodePng } from './fakes/sandbox-images';
import { blank } from './fakes/sandbox-media';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());

type Pixels = {
	width: number;
	height: number;
	data: Uint8Array;
	at(x: number, y: number): number[];
};
const pixels = (img: { width: number; height: number; data: Uint8Array }): Pixels => ({
	...img,
	at: (x, y) => Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4)),
});
const decodePng = (bytes: Buffer) => pixels(PNG.sync.read(bytes));
const decodeJpeg = (bytes: Buffer) =>
	pixels(jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true }));
const near = (a: number[], b: number[], tolerance = 12) =>
	a.slice(0, 3).every((v, i) => Math.abs(v - b[i]) <= tolerance);

/** The box of the pixels that differ from `background` (by more than 30 in a channel). */
function productBox(img: Pixels, background: number[]) {
	let [x0, y0, x1, y1] = [img.width, img.height, -1, -1];
	const d = img.data;
	for (let y = 0; y < img.height; y++)
		for (let x = 0; x < img.width; x++) {
			const i = (y * img.width + x) * 4;
			if (
				Math.abs(d[i] - background[0]) <= 30 &&
				Math.abs(d[i + 1] - background[1]) <= 30 &&
				Math.abs(d[i + 2] - background[2]) <= 30
			)
				continue;
			if (x < x0) x0 = x;
			if (x > x1) x1 = x;
			if (y < y0) y0 = y;
			if (y > y1) y1 = y;
		}
	return { x0, y0, x1, y1 };
}

async function get(url: string, headers: Record<string, string> = {}) {
	const res = await fetch(url, { headers });
	return {
		status: res.status,
		type: res.headers.get('content-type') ?? '',
		body: Buffer.from(await res.arrayBuffer()),
	};
}

/** Frames and logical screen size of a GIF, read block by block. */
function gifFrames(gif: Buffer) {
	expect(gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
	const width = gif.readUInt16LE(6);
	const height = gif.readUInt16LE(8);
	let i = 13 + (gif[10] & 0x80 ? 3 * 2 ** ((gif[10] & 7) + 1) : 0);
	const skipSubBlocks = () => {
		while (gif[i] !== 0) i += gif[i] + 1;
		i++;
	};
	let frames = 0;
	while (i < gif.length && gif[i] !== 0x3b) {
		if (gif[i] === 0x21) {
			i += 2;
			skipSubBlocks();
		} else if (gif[i] === 0x2c) {
			frames++;
			const packed = gif[i + 9];
			i += 10 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0) + 1;
			skipSubBlocks();
		} else throw new Error(`GIF: unexpected block 0x${gif[i].toString(16)} at ${i}`);
	}
	expect(gif[i]).toBe(0x3b);
	return { width, height, frames };
}

describe('sandbox Photoroom: the input’s product on the requested background', () => {
	const edit = (query: Record<string, string>) =>
		get(`${sandbox.baseUrls.photoroomApi}/v2/edit?${new URLSearchParams(query)}`, {
			'x-api-key': sandbox.apiKey,
		});

	it('PNG: product left-aligned inside the padding, on red, at the asked size', async () => {
		const res = await edit({
			imageUrl: 'https://images.example.com/products/shoe-001.jpg',
			'background.color': 'FF0000',
			outputSize: '600x400',
			padding: '0.1',
			horizontalAlignment: 'left',
			'export.format': 'png',
		});
		expect(res.status).toBe(200);
		expect(res.type).toBe('image/png');
		const img = decodePng(res.body);
		expect([img.width, img.height]).toEqual([600, 400]);
		const red = [255, 0, 0];
		expect(near(img.at(0, 0), red) && near(img.at(599, 399), red)).toBe(true);
		const box = productBox(img, red);
		// padding 0.1: 60 px left, 40 px top and bottom; the product fits the height
		expect(box.x0).toBeGreaterThanOrEqual(58);
		expect(box.x0).toBeLessThanOrEqual(62);
		expect(Math.abs(box.y0 - 40)).toBeLessThanOrEqual(2);
		expect(Math.abs(box.y1 - 359)).toBeLessThanOrEqual(2);
		expect(box.x1).toBeLessThan(540); // left-aligned, not stretched over the width
		const middle = img.at(Math.round((box.x0 + box.x1) / 2), 200);
		expect(near(middle, red, 60) || near(middle, [255, 255, 255], 20)).toBe(false);
	});

	it('JPEG (the Amazon preset’s values): centred product on white', async () => {
		const res = await edit({
			imageUrl: 'https://images.example.com/products/bag-002.jpg',
			'background.color': 'FFFFFF',
			outputSize: '500x500',
			padding: '0.05',
			'export.format': 'jpg',
		});
		expect(res.type).toBe('image/jpeg');
		const img = decodeJpeg(res.body);
		expect([img.width, img.height]).toEqual([500, 500]);
		expect(near(img.at(2, 2), [255, 255, 255])).toBe(true);
		const box = productBox(img, [255, 255, 255]);
		expect(Math.abs(box.x0 - 25)).toBeLessThanOrEqual(3); // fits the width (4:3-ish subject)
		expect(Math.abs(box.x1 - 474)).toBeLessThanOrEqual(3);
		expect(Math.abs((box.y0 + box.y1) / 2 - 250)).toBeLessThanOrEqual(3);
		expect(near(img.at(250, 250), [255, 255, 255], 30)).toBe(false);
	});

	it('WebP: real pixels (a lossless VP8L much larger than a one-colour one)', async () => {
		const res = await edit({
			imageUrl: 'https://images.example.com/products/hat-003.jpg',
			'background.color': 'FFFFFF',
			outputSize: '400x400',
			'export.format': 'webp',
		});
		expect(res.type).toBe('image/webp');
		expect(sniff(res.body)).toBe('webp');
		expect(imageSize(res.body)).toEqual({ width: 400, height: 400 });
		expect(res.body.length).toBeGreaterThan(2000); // one colour is 30 bytes
	});

	it('an uploaded image (POST): its own product, on the asked colour', async () => {
		const input = blank(100, 80, [250, 250, 250, 255]);
		for (let y = 20; y < 60; y++)
			for (let x = 30; x < 70; x++) input.data.set([20, 40, 200, 255], (y * 100 + x) * 4);
		const form = new FormData();
		form.append('imageFile', new Blob([encodePng(input)], { type: 'image/png' }), 'box.png');
		form.append('background.color', '00FF00');
		form.append('outputSize', '300x300');
		form.append('padding', '0.2');
		const res = await fetch(`${sandbox.baseUrls.photoroomApi}/v2/edit`, {
			method: 'POST',
			headers: { 'x-api-key': sandbox.apiKey },
			body: form,
		});
		const img = decodePng(Buffer.from(await res.arrayBuffer()));
		expect([img.width, img.height]).toEqual([300, 300]);
		expect(near(img.at(150, 150), [20, 40, 200])).toBe(true);
		expect(near(img.at(5, 5), [0, 255, 0])).toBe(true);
	});
});

/** What the Cutout.pro stand-in answers (the fields these tests read). */
interface Task {
	taskFlag: string;
	resultUrl: string;
	gifUrl: string;
	previewImage: Array<{ image: string; matting: string }>;
}

describe('sandbox Cutout.pro and BackgroundRemoverAI: animations and clips that play', () => {
	const cutout = async <T = Task>(path: string) => {
		const res = await get(`${sandbox.baseUrls.cutoutProApi}/api/v1/${path}`, {
			APIKEY: sandbox.apiKey,
		});
		return JSON.parse(res.body.toString('utf8')) as { code: number; data: T };
	};

	it('Photo Animer: an animated GIF of ≥ 8 frames of a few hundred px, and an MP4', async () => {
		const { data: taskId } = await cutout<number>(
			'faceDriven/submitTaskByUrl?imageUrl=https://images.example.com/team/portrait.jpg&templateId=1&outputFormat=gif',
		);
		const { data } = await cutout(`faceDriven/getTaskInfo?taskId=${taskId}`);
		const gif = await get(data.gifUrl);
		expect(gif.type).toBe('image/gif');
		const { width, height, frames } = gifFrames(gif.body);
		expect(frames).toBeGreaterThanOrEqual(8);
		expect(width).toBeGreaterThanOrEqual(200);
		expect(height).toBeGreaterThanOrEqual(150);
		const mp4 = await get(data.resultUrl);
		expect(mp4.type).toBe('video/mp4');
		expect(sniff(mp4.body)).toBe('mp4');
		expect(mp4.body.includes(Buffer.from('avc1'))).toBe(true); // an H.264 track
	});

	it.each(['webm', 'mov'] as const)(
		'video background removal (%s): a real clip > 10 KB',
		async (format) => {
			const { data: submitted } = await cutout(
				`video/submitTaskByUrl?videoUrl=https://videos.example.com/clips/product-spin.mp4&outputFormat=${format}`,
			);
			const { data } = await cutout(`video/getTaskInfo?taskFlag=${submitted.taskFlag}`);
			const clip = await get(data.resultUrl);
			expect(clip.type).toBe(format === 'webm' ? 'video/webm' : 'video/quicktime');
			expect(sniff(clip.body)).toBe(format);
			expect(clip.body.length).toBeGreaterThan(10_000);
			expect(clip.body.length).toBeLessThanOrEqual(200 * 1024);
			// the codec with alpha: VP9 in WebM, PNG frames in the QuickTime movie
			expect(clip.body.includes(Buffer.from(format === 'webm' ? 'V_VP9' : 'png '))).toBe(true);
		},
	);

	it('video preview frames show the sample picture', async () => {
		const { data: submitted } = await cutout(
			'video/submitVideoImagePreviewTaskByUrl?videoUrl=https://videos.example.com/clips/product-spin.mp4',
		);
		const { data } = await cutout(`video/getTaskInfo?taskFlag=${submitted.taskFlag}`);
		const still = decodeJpeg((await get(data.previewImage[0].image)).body);
		expect([still.width, still.height]).toEqual([400, 300]);
		expect(near(still.at(200, 150), [248, 247, 244], 30)).toBe(false); // the product
		const cut = decodePng((await get(data.previewImage[0].matting)).body);
		expect(cut.at(2, 2)[3]).toBe(0);
		expect(cut.at(200, 150)[3]).toBe(255);
	});

	it('BackgroundRemoverAI video (mov): the clip, not a header', async () => {
		const form = new FormData();
		form.append('convert_to', 'video-backgroundremover');
		form.append('video_format', 'mov');
		form.append('files', new Blob([makeMedia('mp4')], { type: 'video/mp4' }), 'spin.mp4');
		const api = `${sandbox.baseUrls.backgroundRemoverAiApi}/v1`;
		const headers = { authorization: sandbox.apiKey };
		const { uuid } = (await (
			await fetch(`${api}/convert/`, { method: 'POST', headers, body: form })
		).json()) as { uuid: string };
		const poll = new FormData();
		poll.append('uuid', uuid);
		const done = (await (
			await fetch(`${api}/results/`, { method: 'POST', headers, body: poll })
		).json()) as { files: Array<{ url: string }> };
		const clip = await get(`${sandbox.baseUrls.backgroundRemoverAiApi}${done.files[0].url}`);
		expect(clip.type).toBe('video/quicktime');
		expect(sniff(clip.body)).toBe('mov');
		expect(clip.body.length).toBeGreaterThan(10_000);
	});

	it('BackgroundRemoverAI image: the upload’s cut-out, not a blank', async () => {
		const input = blank(60, 40, [255, 255, 255, 255]);
		input.data.set([200, 30, 30, 255], (20 * 60 + 30) * 4);
		const form = new FormData();
		form.append('convert_to', 'image-backgroundremover');
		form.append('files', new Blob([encodePng(input)], { type: 'image/png' }), 'dot.png');
		const api = `${sandbox.baseUrls.backgroundRemoverAiApi}/v1`;
		const headers = { authorization: sandbox.apiKey };
		const { uuid } = (await (
			await fetch(`${api}/convert/`, { method: 'POST', headers, body: form })
		).json()) as { uuid: string };
		const poll = new FormData();
		poll.append('uuid', uuid);
		const done = (await (
			await fetch(`${api}/results/`, { method: 'POST', headers, body: poll })
		).json()) as { files: Array<{ url: string }> };
		const img = decodePng(
			(await get(`${sandbox.baseUrls.backgroundRemoverAiApi}${done.files[0].url}`)).body,
		);
		expect([img.width, img.height]).toEqual([60, 40]);
		expect(img.at(0, 0)[3]).toBe(0);
		expect(img.at(30, 20)).toEqual([200, 30, 30, 255]);
	});
});
