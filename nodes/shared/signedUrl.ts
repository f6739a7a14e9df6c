/**
 * Binary files for APIs that take only a URL: n8n serves a stored binary at a signed, expiring
 * URL (`this.helpers.createBinarySignedUrl`, `<REST URL>/binary-data/signed?token=…`, a JWT
 * signed with the instance's secret). n8n builds that URL from WEBHOOK_URL, else from
 * N8N_PROTOCOL://N8N_HOST:N8N_PORT/N8N_PATH (http://localhost:5678/ by default), so on an
 * instance nobody outside can reach, the provider cannot fetch it: that is caught before any
 * paid call, naming the setting to fix.
 */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { rememberSecret } from './credentials';
import { inputError } from './errors';

/** Extra time the URL stays valid beyond the wait, for the provider's queue and download. */
export const SIGNED_URL_MARGIN_SECONDS = 15 * 60;

/** Why a host is not reachable from the internet, or undefined when it may be. */
export function privateHostReason(hostname: string): string | undefined {
	// A trailing dot is the same name, fully qualified ("localhost." is localhost).
	const host = hostname
		.toLowerCase()
		.replace(/^\[|\]$/g, '')
		.replace(/\.+$/, '');
	if (host === 'localhost' || host.endsWith('.localhost')) return 'it is localhost';
	const ipv4 = ipv4Parts(host);
	if (ipv4) return ipv4Reason(ipv4);
	if (host.includes(':')) return ipv6Reason(host);
	if (!host.includes('.')) return 'it is a local host name (no domain)';
	if (
		/\.(local|internal|lan|home|intranet|corp|localdomain)$/.test(host) ||
		isUnder(host, 'home.arpa')
	)
		return 'it is a local network name';
	return wildcardDnsReason(host);
}

const isUnder = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/**
 * Names that public DNS resolves to the address they spell (nip.io, sslip.io, xip.io:
 * `10.0.0.5.nip.io`, `10-0-0-5.sslip.io`) or to loopback (localtest.me, lvh.me, vcap.me). Node
 * code may not look a name up (n8n's rules allow no `dns`), so these are read from the name alone;
 * any other name that resolves to a private address is not recognised here.
 */
function wildcardDnsReason(host: string): string | undefined {
	if (['localtest.me', 'lvh.me', 'vcap.me'].some((domain) => isUnder(host, domain)))
		return 'its name resolves to a loopback address';
	const spelled =
		/(?:^|[.-])(\d{1,3}[.-]\d{1,3}[.-]\d{1,3}[.-]\d{1,3})\.(?:nip\.io|sslip\.io|xip\.io)$/.exec(
			host,
		);
	const parts = spelled ? ipv4Parts(spelled[1].replace(/-/g, '.')) : undefined;
	const reason = parts ? ipv4Reason(parts) : undefined;
	return reason ? `its name resolves to an address where ${reason}` : undefined;
}

function ipv4Parts(host: string): number[] | undefined {
	const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	return match ? match.slice(1).map(Number) : undefined;
}

function ipv4Reason([a, b, c]: number[]): string | undefined {
	if (a === 127) return 'it is a loopback address';
	if (a === 0 || a >= 224) return 'it is not a routable address';
	if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168))
		return 'it is a private network address';
	if (a === 169 && b === 254) return 'it is a link-local address';
	if (a === 100 && b >= 64 && b <= 127) return 'it is a carrier-grade NAT address';
	if (a === 198 && (b === 18 || b === 19)) return 'it is a benchmarking network address';
	// 192.0.0.0/24: IETF protocol assignments (DS-Lite, NAT64 discovery …), not hosts on the internet.
	if (a === 192 && b === 0 && c === 0) return 'it is an IETF protocol address (192.0.0.0/24)';
	// TEST-NET-1, -2, -3 (RFC 5737): documentation only, never routed.
	if (
		(a === 192 && b === 0 && c === 2) ||
		(a === 198 && b === 51 && c === 100) ||
		(a === 203 && b === 0 && c === 113)
	)
		return 'it is a documentation address (TEST-NET)';
	return undefined;
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 counts as two). */
function ipv6Groups(host: string): number[] | undefined {
	let text = host.split('%')[0];
	const tail = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
	if (tail) {
		const [a, b, c, d] = ipv4Parts(tail[1]) ?? [];
		if (a === undefined) return undefined;
		text = `${text.slice(0, -tail[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
	}
	const halves = text.split('::');
	if (halves.length > 2) return undefined;
	const parse = (part: string) => (part ? part.split(':') : []);
	const head = parse(halves[0]);
	const rest = halves.length === 2 ? parse(halves[1]) : [];
	const missing = 8 - head.length - rest.length;
	if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
	const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
	if (groups.some((group) => !/^[0-9a-f]{1,4}$/.test(group))) return undefined;
	return groups.map((group) => parseInt(group, 16));
}

function ipv6Reason(host: string): string | undefined {
	const groups = ipv6Groups(host);
	if (!groups) return 'it is not a valid address';
	const [first] = groups;
	const embeddedIpv4 = [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255];
	const zeros = (count: number) => groups.slice(0, count).every((group) => group === 0);
	if (zeros(7) && groups[7] <= 1) return 'it is a loopback address';
	// IPv4-mapped (::ffff:a.b.c.d): the IPv4 address it names.
	if (zeros(5) && groups[5] === 0xffff) return ipv4Reason(embeddedIpv4);
	// IPv4-translated (::ffff:0:a.b.c.d, ::ffff:0:0/96, SIIT): reaches IPv4 only through a translator.
	if (zeros(4) && groups[4] === 0xffff && groups[5] === 0)
		return (
			ipv4Reason(embeddedIpv4) ??
			'it is an IPv4-translated address (reachable only through a translator)'
		);
	// IPv4-compatible (::a.b.c.d, deprecated) and NAT64 (64:ff9b::/96, 64:ff9b:1::/48): these
	// reach an IPv4 host only through a gateway of the network they are used in.
	if (zeros(6)) return ipv4Reason(embeddedIpv4) ?? 'it is not a routable address';
	if (first === 0x64 && groups[1] === 0xff9b && groups[2] <= 1)
		return 'it is a NAT64 address (reachable only inside its own network)';
	// 6to4 (2002:AABB:CCDD::/48 carries the IPv4 address AA.BB.CC.DD): private when that address is.
	if (first === 0x2002) {
		const reason = ipv4Reason([groups[1] >> 8, groups[1] & 255, groups[2] >> 8, groups[2] & 255]);
		if (reason) return `it is a 6to4 address whose IPv4 part ${reason.replace(/^it is /, 'is ')}`;
	}
	// Discard-only (100::/64) and documentation (2001:db8::/32) prefixes are never routed.
	if (first === 0x100 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0)
		return 'it is a discard-only address (100::/64)';
	if (first === 0x2001 && groups[1] === 0xdb8)
		return 'it is a documentation address (2001:db8::/32)';
	if ((first & 0xfe00) === 0xfc00) return 'it is a private network address';
	if ((first & 0xffc0) === 0xfe80) return 'it is a link-local address';
	if ((first & 0xffc0) === 0xfec0) return 'it is a site-local address';
	if ((first & 0xff00) === 0xff00) return 'it is not a routable address';
	return undefined;
}

/**
 * The item's binary as n8n stores it, with an id n8n can sign. A binary held in the item itself
 * (no id, e.g. made by a Code node) is stored first; in n8n's memory mode nothing can be signed.
 */
async function storedBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
	field: string,
): Promise<IBinaryData> {
	const binary = ctx.getInputData()[itemIndex]?.binary?.[property];
	if (!binary)
		throw inputError(ctx.getNode(), itemIndex, field, `no binary property "${property}"`);
	if (binary.id) return binary;
	const stored = await ctx.helpers.prepareBinaryData(
		await ctx.helpers.getBinaryDataBuffer(itemIndex, property),
		binary.fileName,
		binary.mimeType,
	);
	if (!stored.id)
		throw inputError(
			ctx.getNode(),
			itemIndex,
			field,
			'n8n keeps binary data in memory here, and only a stored file can be served at a URL: set N8N_DEFAULT_BINARY_DATA_MODE to filesystem (or database, in queue mode)',
		);
	return stored;
}

/** A binary the node will offer the provider at a signed n8n URL. */
export interface SignedUrlInput {
	binary: IBinaryData;
	/** The URL's base as n8n builds it (no token), for messages. */
	base: string;
}

/**
 * Checks, before any paid call, that n8n can serve the binary at a URL the provider can reach.
 * `allowPrivate` (the option "Allow Private File URL") accepts a private host (a provider on the
 * same network).
 */
export async function prepareSignedUrlInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	input: { property: string; field: string; provider: string; allowPrivate: boolean },
): Promise<SignedUrlInput> {
	const { property, field, provider, allowPrivate } = input;
	// Older n8n versions have no URL signing for binaries.
	if (typeof ctx.helpers.createBinarySignedUrl !== 'function')
		throw inputError(
			ctx.getNode(),
			itemIndex,
			field,
			'this n8n version cannot serve a binary at a signed URL: update n8n, or give a URL instead',
		);
	const binary = await storedBinary(ctx, itemIndex, property, field);
	// Signing is local (a JWT): this URL only shows where n8n would point the provider.
	const probe = new URL(ctx.helpers.createBinarySignedUrl(binary, expiresIn(60)));
	const base = `${probe.origin}${probe.pathname}`;
	const reason = privateHostReason(probe.hostname);
	if (reason && !allowPrivate) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			field,
			`n8n would give ${provider} the URL ${base}, which ${provider} cannot reach: ${reason}. Set WEBHOOK_URL to this n8n's public address (e.g. https://n8n.example.com/; the same setting the Cutout.pro Trigger needs) and restart n8n, or turn on Options → Allow Private File URL if ${provider} can reach this address`,
		);
	}
	return { binary, base };
}

/**
 * A fresh signed URL, valid for `validSeconds` from now: made in the request builder, so after
 * any wait for a place or a Retry-After. Its token gives whoever holds it the file, so it is
 * redacted from errors like an API key (a provider's error may echo the URL).
 */
export function signedUrl(
	ctx: IExecuteFunctions,
	input: SignedUrlInput,
	validSeconds: number,
): string {
	const url = ctx.helpers.createBinarySignedUrl(input.binary, expiresIn(validSeconds));
	const token = new URL(url).searchParams.get('token');
	if (token) rememberSecret(ctx, token);
	return url;
}

/**
 * n8n passes `expiresIn` to jsonwebtoken, which reads text with the `ms` package: a bare number
 * in text ("1860") would mean milliseconds, so the unit is always written.
 */
function expiresIn(seconds: number): string {
	return `${Math.ceil(seconds)}s`;
}
