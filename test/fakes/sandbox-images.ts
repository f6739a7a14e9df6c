/**
 * Images for the sandbox (`npm run dev`): a result that visibly comes from its input, made
 * with plain pixel work, no model. Near-white pixels become transparent; everything else is
 * kept. Pure JavaScript (pngjs, jpeg-js): no native packages.
 *
 * An image given by URL is not downloaded (the examples' URLs are placeholders): the sandbox
 * draws a sample picture from the URL instead (a coloured shape on a near-white background),
 * so the same URL always gives the same picture.
 */
import { createHash } from 'node:crypto';

import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

import { sniff } from './media';

export interface Rgba {
	width: number;
	height: number;
	/** RGBA, 4 bytes per pixel, rows top to bottom. */
	data: Buffer;
}

/** The cut-out, the same subject on white (JPG) and the image's size. */
export interface SandboxCutout {
	png: Buffer;
	whiteJpg: Buffer;
	width: number;
	height: number;
}

/** A pixel is background when each of R, G and B is at least this (of 255). */
export const NEAR_WHITE = 235;

/** Decodes a PNG or JPEG into RGBA; undefined for any other format. */
export function decodeImage(bytes: Buffer): Rgba | undefined {
	const kind = sniff(bytes);
	if (kind === 'png') {
		const png = PNG.sync.read(bytes);
		return { width: png.width, height: png.height, data: png.data };
	}
	if (kind === 'jpeg') {
		const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
		return { width: img.width, height: img.height, data: Buffer.from(img.data) };
	}
	return undefined;
}

export function encodePng(img: Rgba): Buffer {
	const png = new PNG({ width: img.width, height: img.height });
	img.data.copy(png.data);
	return PNG.sync.write(png);
}

/** The image flattened onto white, as a JPEG. */
export function encodeJpegOnWhite(img: Rgba, quality = 85): Buffer {
	const out = Buffer.alloc(img.data.length);
	for (let i = 0; i < img.data.length; i += 4) {
		const a = img.data[i + 3] / 255;
		for (let c = 0; c < 3; c++) out[i + c] = Math.round(img.data[i + c] * a + 255 * (1 - a));
		out[i + 3] = 255;
	}
	return Buffer.from(
		jpeg.encode({ width: img.width, height: img.height, data: out }, quality).data,
	);
}

/** A copy of the image whose near-white pixels are transparent. */
export function removeNearWhite(img: Rgba, threshold = NEAR_WHITE): Rgba {
	const data = Buffer.from(img.data);
	for (let i = 0; i < data.length; i += 4) {
		if (data[i] >= threshold && data[i + 1] >= threshold && data[i + 2] >= threshold)
			data[i + 3] = 0;
	}
	return { width: img.width, height: img.height, data };
}

/**
 * A 400x300 "product photo" for a URL: a near-white background with a shadowed ellipse in a
 * colour taken from the URL's hash.
 */
export function samplePicture(url: string, width = 400, height = 300): Rgba {
	const h = createHash('sha256').update(url).digest();
	const colour = [40 + (h[0] % 160), 40 + (h[1] % 160), 40 + (h[2] % 160)];
	const data = Buffer.alloc(width * height * 4);
	const cx = width / 2;
	const cy = height / 2;
	const rx = width * (0.25 + (h[3] % 10) / 100);
	const ry = height * (0.25 + (h[4] % 10) / 100);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const i = (y * width + x) * 4;
			const d = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2;
			// shading from top-left to bottom-right gives the shape some depth
			const shade = 0.75 + 0.25 * (1 - (x + y) / (width + height));
			const px = d <= 1 ? colour.map((c) => Math.round(c * shade)) : [248, 247, 244];
			data.set([...px, 255], i);
		}
	}
	return { width, height, data };
}

/**
 * The sandbox's background removal: the input image (PNG/JPEG bytes) or, for a URL, its sample
 * picture, with near-white made transparent. Undefined for input it cannot decode (WEBP, BMP…),
 * where the fakes keep their usual placeholder result.
 */
export function sandboxCutout(input: { bytes?: Buffer; url?: string }): SandboxCutout | undefined {
	const img = input.bytes
		? decodeImage(input.bytes)
		: input.url
			? samplePicture(input.url)
			: undefined;
	if (!img) return undefined;
	const cut = removeNearWhite(img);
	return {
		png: encodePng(cut),
		whiteJpg: encodeJpegOnWhite(cut),
		width: img.width,
		height: img.height,
	};
}
