// Shared helpers of the e2e cases (the runner skips files starting with `_`): workflow builders,
// a media sniffer independent of the fakes' own, binary assertions, batch import.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { REPO_DIR, importCredentials, importWorkflowsFromDir, makeId } from '../../lib/n8n/index.mjs';

/**
 * n8n v3's default, SSRF protection on, with the local fakes (127.0.0.1 / ::1) let through by n8n's
 * own allow-list and nothing else. Set for every n8n the e2e runner starts.
 */
export const SSRF_E2E_ENV = {
	N8N_SSRF_PROTECTION_ENABLED: 'true',
	N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32,::1/128',
};

/**
 * The node names (description.name) and credential types an installed package declares in its
 * package.json `n8n` section. The classes are read from the repo's dist/ (the same files; the
 * repo resolves n8n-workflow for this Node 20 process).
 */
export function installedTypes(pkgDir) {
	const pj = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
	const requireRepo = createRequire(join(REPO_DIR, 'package.json'));
	const instance = (file) => {
		const Cls = Object.values(requireRepo(`./${file}`)).find((v) => typeof v === 'function');
		return new Cls();
	};
	return {
		nodes: new Set(pj.n8n.nodes.map((f) => instance(f).description.name)),
		credentials: new Set(pj.n8n.credentials.map((f) => instance(f).name)),
	};
}

/** Recognises media by magic bytes (written independently of test/fakes/media.ts on purpose). */
export function sniff(buf) {
	const ascii = (a, b) => buf.subarray(a, b).toString('latin1');
	if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex'))) return 'png';
	if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
	if (/^GIF8[79]a$/.test(ascii(0, 6))) return 'gif';
	if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
	if (buf.length >= 4 && buf.readUInt32BE(0) === 0x1a45dfa3) return ascii(0, 64).includes('webm') ? 'webm' : 'mkv';
	if (ascii(4, 8) === 'ftyp') return ascii(8, 12) === 'qt  ' ? 'mov' : 'mp4';
	return 'unknown';
}

export const MIME = {
	png: 'image/png',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	webp: 'image/webp',
	mov: 'video/quicktime',
	mp4: 'video/mp4',
	webm: 'video/webm',
};

/** Width/height from a PNG's IHDR. */
export function pngSize(buf) {
	return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/**
 * Asserts a binary of a run: its bytes (read from n8n's filesystem binary store) really are
 * `kind`, the MIME type matches, the file name matches `fileName` (string or RegExp) and its
 * extension agrees with the content. Returns the bytes.
 */
export function expectBinary(h, binary, { kind, fileName, label = 'binary' }) {
	assert.ok(binary, `${label}: missing`);
	const bytes = h.readBinary(binary);
	assert.equal(sniff(bytes), kind, `${label}: content is ${sniff(bytes)}, expected ${kind}`);
	assert.equal(binary.mimeType, MIME[kind], `${label}: mimeType`);
	if (fileName instanceof RegExp) assert.match(binary.fileName, fileName, `${label}: fileName`);
	else if (fileName !== undefined) assert.equal(binary.fileName, fileName, `${label}: fileName`);
	const ext = { jpeg: 'jpg' }[kind] ?? kind;
	assert.ok(
		binary.fileName.toLowerCase().endsWith(`.${ext}`) || (kind === 'jpeg' && binary.fileName.endsWith('.jpeg')),
		`${label}: file name ${binary.fileName} does not end in .${ext}`,
	);
	if (typeof binary.bytes === 'number') assert.equal(binary.bytes, bytes.length, `${label}: bytes`);
	return bytes;
}

/** The error of a failed run, as text (for matching). */
export const runError = (run) => JSON.stringify(run?.data?.resultData?.error ?? null);

export function assertSuccess(run) {
	assert.equal(run.status, 'success', `run failed: ${runError(run)}`);
}

// ---------------------------------------------------------------------------------------------
// workflow builders

export const MANUAL = {
	id: 'manual',
	name: 'Manual',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** A node of this package (or any type when `type` contains a dot). */
export function node(h, name, type, parameters, credential) {
	const n = {
		id: makeId(),
		name,
		type: type.includes('.') ? type : h.nodeType(type),
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	if (credential) n.credentials = { [credential.type]: { id: credential.id, name: credential.name } };
	return n;
}

/**
 * A Code node that returns fixed items; binaries are given as { bytes: Buffer, fileName,
 * mimeType } and sent as base64 (how a Code node hands binaries on in n8n).
 */
export function codeNode(name, items) {
	const out = items.map(({ json = {}, binary }) => ({
		json,
		...(binary
			? {
					binary: Object.fromEntries(
						Object.entries(binary).map(([key, b]) => [
							key,
							{ data: b.bytes.toString('base64'), mimeType: b.mimeType, fileName: b.fileName },
						]),
					),
				}
			: {}),
	}));
	return {
		id: makeId(),
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [0, 0],
		parameters: { jsCode: `return ${JSON.stringify(out)};` },
	};
}

/** Read/Write Files from Disk, read operation: one item per file, binary `data`. */
export function readFileNode(name, path) {
	return {
		id: makeId(),
		name,
		type: 'n8n-nodes-base.readWriteFile',
		typeVersion: 1,
		position: [0, 0],
		parameters: { operation: 'read', fileSelector: path, options: {} },
	};
}

/** Manual trigger → nodes[0] → nodes[1] → … */
export function chainWorkflow(name, nodes) {
	const all = [MANUAL, ...nodes].map((n, i) => ({ ...n, position: [i * 220, 0] }));
	const connections = {};
	for (let i = 0; i + 1 < all.length; i++) {
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id: makeId(), name, nodes: all, connections, settings: { executionOrder: 'v1' } };
}

/**
 * Imports many workflows with one `n8n import:workflow --separate` (one CLI start, ~2 s, instead
 * of one per workflow). Each gets an id when it has none; returns the ids in order.
 */
export async function importWorkflows(h, workflows) {
	const dir = mkdtempSync(join(tmpdir(), 'n8n-e2e-wfs-'));
	try {
		const ids = workflows.map((wf, i) => {
			const full = { connections: {}, settings: {}, ...wf, id: wf.id ?? makeId(), active: false };
			writeFileSync(join(dir, `${String(i).padStart(3, '0')}.json`), JSON.stringify(full));
			return full.id;
		});
		await importWorkflowsFromDir(h.userFolder, dir);
		return ids;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

export async function importCreds(h, creds) {
	return await importCredentials(h.userFolder, creds);
}

/** A temp folder the Read/Write Files node may use (N8N_RESTRICT_FILE_ACCESS_TO), removed after the case. */
export function filesFolder(h, prefix = 'n8n-e2e-files-') {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	h.onCleanup(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

/** The all-in-one package's name, the node type prefix the example files use. */
export const ALL_IN_ONE = JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8')).name;

// ---------------------------------------------------------------- operation rows (test/<provider>/e2e.mjs)

export const HEX32 = /^[0-9a-f]{32}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const FAST_WAIT = { waitForCompletion: true, maxWaitSeconds: 60, pollIntervalSeconds: 0.25 };
export const NO_WAIT = { waitForCompletion: false };
export const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

/** Checks the json fields every node returns. */
export function contract(assert, json, expected) {
	for (const [key, value] of Object.entries(expected)) {
		if (value instanceof RegExp) assert.match(String(json[key]), value, `json.${key} = ${JSON.stringify(json[key])}`);
		else assert.deepEqual(json[key], value, `json.${key}`);
	}
}
