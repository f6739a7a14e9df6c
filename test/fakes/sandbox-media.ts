/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only code, never shipped (reads its clips beside it) */
/**
 * What the sandbox's stand-ins (`npm run dev`) answer instead of blank placeholders, so that
 * "View" in n8n shows something a real service could have sent (issue 28 item 5):
 * - Photoroom: the input's product (sandbox-images.ts's cut-out) placed on the requested
 *   background, at the requested size, with padding, margin and alignment roughly honoured.
 * - Photo Animer: an animated GIF of the input (a gentle zoom and sway, 10 frames); its MP4 and the
 *   video stand-ins' results are small real clips made once with ffmpeg (test/fixtures/sandbox/,
 *   whose README gives the command lines).
 * - Video preview frames: the sample picture, as JPEG and cut-out PNG.
 * Pixel work in plain JavaScript (pngjs, jpeg-js, gifenc: dev dependencies only).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { applyPalette, GIFEncoder, quantize } from 'gifenc';

import {
	decodeImage,
	encodeJpegOnWhite,
	encodePng,
	removeNearWhite,
	samplePicture,
	type Rgba,
} from './sandbox-images';

export type Colour = [number, number, number, number];

/** An image of one colour. */
export function blank(width: number, height: number, colour: Colour): Rgba {
	const data = Buffer.alloc(width * height * 4, Buffer.from(colour));
	return { width, height, data };
}

/** The box around the pixels that are not fully transparent (the whole image when none is). */
export function subjectBounds(img: Rgba): { x: number; y: number; width: number; height: number } {
	let x0 = img.width;
	let y0 = img.height;
	let x1 = -1;
	let y1 = -1;
	for (let y = 0; y < img.height; y++) {
		for (let x = 0; x < img.width; x++) {
			if (img.data[(y * img.width + x) * 4 + 3] === 0) continue;
			if (x < x0) x0 = x;
			if (x > x1) x1 = x;
			if (y < y0) y0 = y;
			if (y > y1) y1 = y;
		}
	}
	if (x1 < 0) return { x: 0, y: 0, width: img.width, height: img.height };
	return { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

export function crop(
	img: Rgba,
	box: { x: number; y: number; width: number; height: number },
): Rgba {
	const data = Buffer.alloc(box.width * box.height * 4);
	for (let y = 0; y < box.height; y++) {
		const from = ((box.y + y) * img.width + box.x) * 4;
		img.data.copy(data, y * box.width * 4, from, from + box.width * 4);
	}
	return { width: box.width, height: box.height, data };
}

/**
 * Draws `src` scaled to `w`x`h` at (`x0`, `y0`) over `dst` (nearest pixel, alpha "over"
 * compositing; parts outside `dst` are clipped).
 */
export function drawScaled(dst: Rgba, src: Rgba, x0: number, y0: number, w: number, h: number) {
	if (w < 1 || h < 1) return;
	const xs = Math.max(0, Math.floor(x0));
	const ys = Math.max(0, Math.floor(y0));
	const xe = Math.min(dst.width, Math.ceil(x0 + w));
	const ye = Math.min(dst.height, Math.ceil(y0 + h));
	const column = new Int32Array(Math.max(0, xe - xs));
	for (let x = xs; x < xe; x++)
		column[x - xs] =
			4 * Math.min(src.width - 1, Math.max(0, Math.floor(((x - x0) * src.width) / w)));
	const s = src.data;
	const d = dst.data;
	for (let y = ys; y < ye; y++) {
		const sy = Math.min(src.height - 1, Math.max(0, Math.floor(((y - y0) * src.height) / h)));
		const srow = sy * src.width * 4;
		let o = (y * dst.width + xs) * 4;
		for (let x = 0; x < column.length; x++, o += 4) {
			const i = srow + column[x];
			const sa = s[i + 3];
			if (sa === 0) continue;
			if (sa === 255) {
				d[o] = s[i];
				d[o + 1] = s[i + 1];
				d[o + 2] = s[i + 2];
				d[o + 3] = 255;
				continue;
			}
			const a = sa / 255;
			const da = d[o + 3] / 255;
			const outA = a + da * (1 - a);
			for (let c = 0; c < 3; c++)
				d[o + c] = Math.round((s[i + c] * a + d[o + c] * da * (1 - a)) / outA);
			d[o + 3] = Math.round(outA * 255);
		}
	}
}

/** A Photoroom padding or margin value: a ratio (0.1, "10%") or pixels ("50px"). */
function spacing(value: string | undefined, size: number): number {
	if (value === undefined) return 0;
	const px = /^(\d+)px$/.exec(value.trim());
	if (px) return Number(px[1]);
	const pct = /^(\d+(?:\.\d+)?)%$/.exec(value.trim());
	const ratio = pct ? Number(pct[1]) / 100 : Number(value);
	return Number.isFinite(ratio) ? ratio * size : 0;
}

export interface PhotoroomLayout {
	width: number;
	height: number;
	/** The background (transparent when alpha is 0). */
	fill: Colour;
	/** false: the whole picture is kept (no cut-out). */
	removeBackground: boolean;
	/** The request's values: padding*, margin*, horizontalAlignment, verticalAlignment, scaling. */
	values: Record<string, string>;
}

/**
 * The picture as Photoroom would place it: the subject (or, without background removal, the
 * whole picture) fitted into the output minus margins and padding, aligned as asked, over the
 * fill.
 */
export function photoroomLook(picture: Rgba, layout: PhotoroomLayout): Rgba {
	const { width, height, values: v } = layout;
	const out = blank(width, height, layout.fill);
	const subject = layout.removeBackground
		? (() => {
				const cut = removeNearWhite(picture);
				return crop(cut, subjectBounds(cut));
			})()
		: picture;
	const side = (
		kind: 'margin' | 'padding',
		name: 'Left' | 'Right' | 'Top' | 'Bottom',
		size: number,
	) => spacing(v[`${kind}${name}`] ?? v[kind], size);
	const m = {
		l: side('margin', 'Left', width),
		r: side('margin', 'Right', width),
		t: side('margin', 'Top', height),
		b: side('margin', 'Bottom', height),
	};
	const cw = Math.max(1, width - m.l - m.r);
	const ch = Math.max(1, height - m.t - m.b);
	const p = {
		l: side('padding', 'Left', cw),
		r: side('padding', 'Right', cw),
		t: side('padding', 'Top', ch),
		b: side('padding', 'Bottom', ch),
	};
	const box = {
		x: m.l + p.l,
		y: m.t + p.t,
		w: Math.max(1, cw - p.l - p.r),
		h: Math.max(1, ch - p.t - p.b),
	};
	const fit = v.scaling === 'fill' ? Math.max : Math.min;
	const scale = fit(box.w / subject.width, box.h / subject.height);
	const w = subject.width * scale;
	const h = subject.height * scale;
	const h0 = v.horizontalAlignment ?? 'center';
	const v0 = v.verticalAlignment ?? 'center';
	const x = h0 === 'left' ? box.x : h0 === 'right' ? box.x + box.w - w : box.x + (box.w - w) / 2;
	const y = v0 === 'top' ? box.y : v0 === 'bottom' ? box.y + box.h - h : box.y + (box.h - h) / 2;
	drawScaled(out, subject, x, y, w, h);
	return out;
}

/** The picture an input stands for: decoded bytes, or the URL's sample picture. */
export function pictureOf(input: { bytes?: Buffer; url?: string }): Rgba | undefined {
	if (input.bytes) return decodeImage(input.bytes);
	return input.url !== undefined ? samplePicture(input.url) : undefined;
}

/**
 * `count` frames of a gentle zoom (up to 8 %) and sway of the picture, `width` wide, opaque
 * (flattened on white), as Photo Animer's "living photo" looks at a glance.
 */
export function swayFrames(picture: Rgba, count = 10, width = 320): Rgba[] {
	const height = Math.max(1, Math.round((picture.height * width) / picture.width));
	const frames: Rgba[] = [];
	for (let i = 0; i < count; i++) {
		const t = (2 * Math.PI * i) / count;
		const zoom = 1 + 0.08 * ((1 - Math.cos(t)) / 2);
		const dx = width * 0.03 * Math.sin(t);
		const frame = blank(width, height, [255, 255, 255, 255]);
		const w = width * zoom;
		const h = height * zoom;
		drawScaled(frame, picture, (width - w) / 2 + dx, (height - h) / 2, w, h);
		frames.push(frame);
	}
	return frames;
}

/** An endlessly looping animated GIF of the frames (one shared 256-colour palette). */
export function encodeGif(frames: Rgba[], delayMs = 100): Buffer {
	const all = Buffer.concat(frames.map((f) => f.data));
	const palette = quantize(all, 256);
	const gif = GIFEncoder();
	for (const frame of frames) {
		gif.writeFrame(applyPalette(frame.data, palette), frame.width, frame.height, {
			palette,
			delay: delayMs,
			repeat: 0,
		});
	}
	gif.finish();
	return Buffer.from(gif.bytes());
}

/** The clips made once with ffmpeg (test/fixtures/sandbox/README.md). */
export type SandboxClip = 'clip.webm' | 'clip.mov' | 'clip.mp4' | 'animation.mp4';
const FIXTURES = join(__dirname, '..', 'fixtures', 'sandbox');
const clips = new Map<SandboxClip, Buffer>();

export function sandboxClip(name: SandboxClip): Buffer {
	let clip = clips.get(name);
	if (!clip) {
		clip = readFileSync(join(FIXTURES, name));
		clips.set(name, clip);
	}
	return clip;
}

/** What a stand-in asks for in sandbox mode (see `sandboxMedia`). */
export interface SandboxMedia {
	/** The picture an input stands for (undefined when it cannot be decoded). */
	picture(input: { bytes?: Buffer; url?: string }): Rgba | undefined;
	/** An animated GIF made from the input. */
	animation(input: { bytes?: Buffer; url?: string }): Buffer;
	/** A short real clip. */
	clip(kind: 'webm' | 'mov' | 'mp4' | 'animation'): Buffer;
	/** A still of a video (its sample picture): the frame as JPEG and its cut-out as PNG. */
	frame(videoUrl: string): { jpg: Buffer; png: Buffer };
}

const gifCache = new Map<string, Buffer>();
const frameCache = new Map<string, { jpg: Buffer; png: Buffer }>();

export const sandboxMedia: SandboxMedia = {
	picture: pictureOf,
	animation(input) {
		const key = input.url ?? '';
		const cached = input.bytes ? undefined : gifCache.get(key);
		if (cached) return cached;
		const picture = pictureOf(input) ?? samplePicture(input.url ?? 'sandbox');
		const gif = encodeGif(swayFrames(picture));
		if (!input.bytes) gifCache.set(key, gif);
		return gif;
	},
	clip: (kind) => sandboxClip(kind === 'animation' ? 'animation.mp4' : `clip.${kind}`),
	frame(videoUrl) {
		let frame = frameCache.get(videoUrl);
		if (!frame) {
			const picture = samplePicture(videoUrl);
			frame = { jpg: encodeJpegOnWhite(picture), png: encodePng(removeNearWhite(picture)) };
			frameCache.set(videoUrl, frame);
		}
		return frame;
	},
};
