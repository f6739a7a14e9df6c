/**
 * What the Photoroom fake outputs (./photoroom.ts): an image of the asked format, one colour
 * (tests), or, in the sandbox of `npm run dev`, the input's picture placed as the request asks
 * (sandbox-media.ts); the picture encoders and the AVIF placeholder.
 */
import * as jpeg from 'jpeg-js';

import { pngFile } from './media';
import {
	jpegSegment,
	solidJpeg,
	solidPng,
	solidWebp,
	webpLossless,
	withPngMeta,
	type ImageMeta,
	type Picture,
	type Rgba,
} from './photoroom-images';
import { photoroomLook } from './photoroom-look';

/** Pixels (RGBA, 4 bytes a pixel) as a PNG, deflated by node's zlib; meta as `solidPng`. */
export function picturePng(img: Picture, meta: ImageMeta = {}): Buffer {
	const stride = img.width * 4;
	const raw = Buffer.alloc((stride + 1) * img.height);
	for (let y = 0; y < img.height; y++)
		img.data.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
	return withPngMeta(pngFile(img.width, img.height, raw), meta);
}

/**
 * Pixels as a baseline JPEG (jpeg-js), flattened on white, with the JFIF density of `dpi` and a
 * `COM` comment.
 */
export function pictureJpeg(img: Picture, meta: ImageMeta = {}, quality = 85): Buffer {
	const flat = Buffer.alloc(img.data.length);
	for (let i = 0; i < flat.length; i += 4) {
		const a = img.data[i + 3] / 255;
		for (let c = 0; c < 3; c++) flat[i + c] = Math.round(img.data[i + c] * a + 255 * (1 - a));
		flat[i + 3] = 255;
	}
	const jpg = Buffer.from(
		jpeg.encode({ width: img.width, height: img.height, data: flat }, quality).data,
	);
	// jpeg-js writes SOI then a 16-byte APP0 JFIF: units at 13, densities at 14 and 16
	if (meta.dpi && jpg.readUInt16BE(2) === 0xffe0) {
		jpg[13] = 1;
		jpg.writeUInt16BE(Math.round(meta.dpi), 14);
		jpg.writeUInt16BE(Math.round(meta.dpi), 16);
	}
	if (!meta.comment) return jpg;
	const app0End = jpg.readUInt16BE(2) === 0xffe0 ? 4 + jpg.readUInt16BE(4) : 2;
	return Buffer.concat([
		jpg.subarray(0, app0End),
		jpegSegment(0xfe, Buffer.from(meta.comment, 'latin1')),
		jpg.subarray(app0End),
	]);
}

/**
 * An AVIF placeholder: the ISO-BMFF `ftyp` an AVIF file starts with and an empty `mdat`. Not
 * decodable (no AV1 encoder here); enough for sniffing by brand.
 */
export function avifPlaceholder(): Buffer {
	const ftyp = Buffer.concat([
		Buffer.from([0, 0, 0, 28]),
		Buffer.from('ftypavif', 'latin1'),
		Buffer.from([0, 0, 0, 0]),
		Buffer.from('avifmif1miaf', 'latin1'),
	]);
	return Buffer.concat([ftyp, Buffer.from([0, 0, 0, 8]), Buffer.from('mdat', 'latin1')]);
}

export type Format = 'png' | 'jpeg' | 'webp' | 'avif';
export const CONTENT_TYPES: Record<Format, string> = {
	png: 'image/png',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	avif: 'image/avif',
};

export function flatten(rgba: Rgba): Rgba {
	const a = rgba[3] / 255;
	return [0, 1, 2].map((i) => Math.round(rgba[i] * a + 255 * (1 - a))).concat(255) as Rgba;
}

/** A solid image of `format`: the fake's output (JPEG has no alpha: the fill is flattened on white). */
export function render(
	format: Format,
	width: number,
	height: number,
	fill: Rgba,
	dpi?: number,
	comment?: string,
) {
	if (format === 'png') return solidPng(width, height, fill, { dpi, comment });
	if (format === 'jpeg') return solidJpeg(width, height, flatten(fill), { dpi, comment });
	if (format === 'webp') return solidWebp(width, height, fill);
	return avifPlaceholder();
}

/** What a sandbox result shows: the input's picture, placed as the request asks. */
export interface Look {
	picture: Picture;
	removeBackground: boolean;
	values: Record<string, string>;
}

/** `render` with real pixels: the look's picture drawn over the fill (AVIF: the placeholder). */
export function renderLook(
	look: Look,
	format: Format,
	width: number,
	height: number,
	fill: Rgba,
	dpi?: number,
	comment?: string,
) {
	if (format === 'avif') return avifPlaceholder();
	const img = photoroomLook(look.picture, {
		width,
		height,
		fill: format === 'jpeg' ? flatten(fill) : fill,
		removeBackground: look.removeBackground,
		values: look.values,
	});
	if (format === 'png') return picturePng(img, { dpi, comment });
	if (format === 'jpeg') return pictureJpeg(img, { dpi, comment });
	return webpLossless(img);
}
