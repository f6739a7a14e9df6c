/**
 * The one naming rule for result files, whatever the provider or operation:
 *
 *   <source>-<role>[-<n>].<extension>
 *
 * - source: the input file's name without its extension ("shoe.v2.jpg" → "shoe.v2"), the last
 *   segment of an input URL, or the task ID when the operation starts from a task (Get Task,
 *   Get Result);
 * - role: what the file is: `nobg` (the subject without its background), `mask`, `whitebg`
 *   (the subject on white), `animation` (Photo Animer), `preview` / `original` (video preview
 *   frames), `edited` (an image reframed with its own background: Photoroom's Edit without
 *   background removal);
 * - n: the file's number when one item has several of the same role (from 1; the first has none);
 * - extension: from the file's real type.
 */
export const RESULT_ROLES = [
	'nobg',
	'mask',
	'whitebg',
	'animation',
	'preview',
	'original',
	'edited',
] as const;
export type ResultRole = (typeof RESULT_ROLES)[number];

/** A file name without its extension; dots inside the stem are kept. */
export function stemOf(fileName: string): string {
	return fileName.replace(/\.[A-Za-z0-9]{1,5}$/, '');
}

/** The last path segment of a URL, decoded (malformed %-escapes are kept as they are). */
export function lastUrlSegment(url: string): string {
	let segment: string;
	try {
		segment = new URL(url, 'http://relative.invalid').pathname.split('/').pop() ?? '';
	} catch {
		return '';
	}
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/**
 * A name part made safe for a file name on any system and in a header: path separators, `:`
 * (a drive or an NTFS stream on Windows) and control characters (C0, DEL: CR and LF split a
 * Content-Disposition header, NUL ends a name in C) become `_`. A URL's last segment is decoded,
 * so `%0D%0A` and `%00` arrive here as the characters themselves.
 */
export function safeNamePart(text: string): string {
	return Array.from(text, (char) => {
		const code = char.charCodeAt(0);
		return code < 0x20 || code === 0x7f || char === '/' || char === '\\' || char === ':'
			? '_'
			: char;
	}).join('');
}

/** The source part of result names for an input file name or URL (`fallback` when empty). */
export function sourceName(nameOrUrl: string, fallback: string): string {
	const name = /^https?:\/\//i.test(nameOrUrl) ? lastUrlSegment(nameOrUrl) : nameOrUrl;
	return stemOf(safeNamePart(name)).trim() || fallback;
}

export function resultFileName(
	source: string,
	role: ResultRole,
	extension: string,
	index = 0,
): string {
	return `${safeNamePart(source)}-${role}${index > 0 ? `-${index}` : ''}.${safeNamePart(extension)}`;
}
