import type { INode } from 'n8n-workflow';

import { inputError } from './errors';

/** Checks a user-supplied URL: only absolute http(s) URLs reach a provider. */
export function requireHttpUrl(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) throw inputError(node, itemIndex, field, 'a URL is required');
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw inputError(node, itemIndex, field, `"${text}" is not a valid URL`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw inputError(
			node,
			itemIndex,
			field,
			`only http:// and https:// URLs are accepted, got "${url.protocol}"`,
		);
	}
	return url.toString();
}

/** Accepts "#RRGGBB", "RRGGBB" or the 3-digit forms; returns six upper-case hex digits without "#". */
export function requireHexColor(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): string {
	const text = typeof value === 'string' ? value.trim() : '';
	const match = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.exec(text);
	if (!match)
		throw inputError(node, itemIndex, field, `"${text}" is not a hex colour like #FFFFFF`);
	const digits = match[1].length === 3 ? [...match[1]].map((d) => d + d).join('') : match[1];
	return digits.toUpperCase();
}

export function requireIntInRange(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	min: number,
	max: number,
): number {
	return checkNumber(node, itemIndex, field, value, { min, max, integer: true });
}

export function requireNumberInRange(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	min: number,
	max: number,
): number {
	return checkNumber(node, itemIndex, field, value, { min, max, integer: false });
}

/** Numbers may arrive as strings through expressions; both are accepted when they parse. */
function checkNumber(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	range: { min: number; max: number; integer: boolean },
): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	const valid =
		typeof number === 'number' &&
		(range.integer ? Number.isInteger(number) : Number.isFinite(number)) &&
		number >= range.min &&
		number <= range.max;
	if (!valid) {
		const kind = range.integer ? 'a whole number' : 'a number';
		throw inputError(
			node,
			itemIndex,
			field,
			`must be ${kind} from ${range.min} to ${range.max}, got ${JSON.stringify(value)}`,
		);
	}
	return number as number;
}

/** Enum values can arrive through expressions, so options fields are checked at run time too. */
export function requireOneOf<T extends string>(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	allowed: readonly T[],
): T {
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
		return value as T;
	throw inputError(
		node,
		itemIndex,
		field,
		`must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`,
	);
}

export function requireNonEmptyString(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): string {
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (!text) throw inputError(node, itemIndex, field, 'a value is required');
	return text;
}

/**
 * Switches (boolean parameters) can arrive through expressions as text: "true" and "false" are
 * accepted, anything else is an error rather than silently read as on or off.
 */
export function requireBoolean(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): boolean {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw inputError(node, itemIndex, field, `must be true or false, got ${JSON.stringify(value)}`);
}
