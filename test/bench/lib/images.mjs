// Input files for the benchmarks: PNG images of noise (makeNoisePng in test/fakes/media.ts: they do
// not compress, so a "100 KB image" really is 100 KB on the wire), named <uuid v4>.png so a
// workflow can use the name as an id; and large video files.
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';

/** Writes `png` under `count` names into a fresh folder: the content does not matter, only its size. */
export function writeImages(dir, count, png) {
	mkdirSync(dir, { recursive: true });
	for (let i = 0; i < count; i++) {
		// a UUID never carries a fault marker (test/fakes/faults.ts), so no image fails by chance
		const name = randomUUID();
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
