// Input files for the benchmarks: PNG photos of noise (they do not compress, so a "100 KB image"
// really is 100 KB on the wire), named <uuid v4>.png so a workflow can use the name as an id.
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(data) {
	let c = 0xffffffff;
	for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

/** An RGBA PNG of random pixels, about `approxBytes` long. */
export function noisePng(approxBytes) {
	const side = Math.max(2, Math.round(Math.sqrt(approxBytes / 4)));
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(side, 0);
	ihdr.writeUInt32BE(side, 4);
	ihdr[8] = 8;
	ihdr[9] = 6;
	const rows = [];
	for (let y = 0; y < side; y++) rows.push(Buffer.from([0]), randomBytes(side * 4));
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 1 })),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/** Writes `count` noise PNGs into a fresh folder; returns the folder. */
export function writeImages(dir, count, approxBytes) {
	mkdirSync(dir, { recursive: true });
	// One noise image, written under many names: the content does not matter, only its size.
	const png = noisePng(approxBytes);
	for (let i = 0; i < count; i++) {
		let name = randomUUID();
		// the fakes treat names with these words as bad input (see test/fakes/*.ts)
		while (/bad|fail|lost|noface/.test(name)) name = randomUUID();
		writeFileSync(join(dir, `${name}.png`), png);
	}
	return { dir, bytes: png.length };
}

/** A video file of `size` bytes (a real container header, then filler), written in 1 MB chunks. */
export async function writeVideo(file, size, head) {
	const out = createWriteStream(file);
	const filler = Buffer.alloc(1024 * 1024, 0x5a);
	const first = Buffer.from(filler);
	head.copy(first, 0);
	let written = 0;
	while (written < size) {
		const part = written === 0 ? first : filler;
		const n = Math.min(part.length, size - written);
		if (!out.write(n === part.length ? part : part.subarray(0, n))) await new Promise((r) => out.once('drain', r));
		written += n;
	}
	out.end();
	await finished(out);
	return file;
}
