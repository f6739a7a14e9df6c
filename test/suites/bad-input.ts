/**
 * The bad-input suite (test/reliability/bad-input.test.ts runs it on providers.manifest.ts,
 * test/synthetic-provider.test.ts on the test-only provider); each provider's operations, rows and
 * inapplicable classes are its own: `badInput` in test/<provider>/bad-input.ts. Each row puts a bad
 * item beside a good one and checks that:
 *  - without Continue On Fail the node stops with an error naming the field and the item, and
 *    the fake provider received no request at all (input is checked before any paid call);
 *  - with Continue On Fail the bad item gets its error (paired to it) and the good item of the same
 *    run still runs: one output per input, and only the good item's work reached the provider.
 *
 * Node-wide settings (Concurrency, Batch Size) are read once for the whole run, so a bad value
 * fails the run as a whole (naming the field and item 0) rather than one item: not rows here.
 */
import type { IDataObject } from 'n8n-workflow';

import { makeMp4, makePng } from '../fakes/media';
import type { FixtureItem } from '../harness/n8n';
import type { ProviderManifestEntry } from '../providers';
import { loadProvider } from '../providers';
import type { BadInputFigure, NotApplicable } from '../reliability/lib/figures';
import { normalize, writeFragment } from '../reliability/lib/figures';
import type { ProviderEnv } from '../reliability/lib/providers';
import { binaryItem, useProviderEntries } from '../reliability/lib/providers';

export const MB = 1024 * 1024;
export const expr = (name: string) => `={{ $json.${name} }}`;
/** An image URL for the rows' good items. */
export const IMAGE = 'https://cdn.example.com/shoe.jpg';

export const CLASSES = [
	'missing binary property',
	'wrong binary property name',
	'wrong file type',
	'empty file',
	'over the size limit',
	'malformed URL',
	'non-http(s) URL',
	'bad hex colour',
	'number out of range',
	'voice with template ≠ 0',
	'unknown enum value (expression)',
	'switch not true/false (expression)',
	'empty or malformed ID',
	'URL n8n cannot serve',
] as const;
export type InputClass = (typeof CLASSES)[number];

/** One operation of a node, as the rows run it. */
export interface BadInputOperation {
	label: string;
	params: IDataObject;
	/** The good item's json (expressions of `params` read it). */
	good: IDataObject;
	/** Input file of the operation, when it reads one. */
	file?: 'image' | 'video';
	/** Units of paid work the good item alone makes (0 for look-ups). */
	goodUnits: number;
	/** Makes what a look-up needs (e.g. a task) and returns json for the good item. */
	setup?: (env: ProviderEnv) => Promise<IDataObject>;
}

export interface BadInputRow {
	operation: BadInputOperation;
	inputClass: InputClass;
	field: string;
	/** json of the bad item (merged over the good json) ... */
	bad?: IDataObject;
	/** ... or the whole bad item. */
	badItem?: FixtureItem;
	/** A string only the bad item carries; no request may contain it. */
	marker?: string;
}

/** A provider's rows of the suite (`badInput` in test/<provider>/bad-input.ts). */
export interface BadInputRows {
	rows: BadInputRow[];
	/** Classes no operation of the node has, and why (FIGURES.md lists them). */
	notApplicable: Array<{ inputClass: InputClass; why: string }>;
}

/** Runs `params` once and returns the task id of its one output (a look-up's good item needs one). */
export async function taskOf(env: ProviderEnv, params: IDataObject, items?: FixtureItem[]) {
	const { items: out, error } = await env.run(params, items);
	if (error) throw error;
	return out[0].json.taskId as string;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
export const BINARY_FIELD = 'Input Binary Field';

/** Over a size limit, cheaply: a PNG signature and zeros. */
function oversized(limitBytes: number): Buffer {
	const buffer = Buffer.alloc(limitBytes + 1);
	makePng(1, 1).copy(buffer);
	return buffer;
}

function fileOf(operation: BadInputOperation): FixtureItem['binary'] {
	if (!operation.file) return undefined;
	return operation.file === 'video'
		? { data: { data: makeMp4(), fileName: 'clip.mp4', mimeType: 'video/mp4' } }
		: { data: { data: makePng(8, 6), fileName: 'photo.png', mimeType: 'image/png' } };
}

/** The classes every operation that reads a file shares. */
export function binaryRows(operation: BadInputOperation, sizeLimitBytes?: number): BadInputRow[] {
	const video = operation.file === 'video';
	const rows: BadInputRow[] = [
		{
			operation,
			inputClass: 'missing binary property',
			field: BINARY_FIELD,
			badItem: { json: {} },
		},
		{
			operation,
			inputClass: 'wrong binary property name',
			field: BINARY_FIELD,
			badItem: binaryItem(makePng(8, 6), 'misfiled.png', 'image/png', {}, 'photo'),
			marker: 'misfiled',
		},
		{
			operation,
			inputClass: 'wrong binary property name',
			field: BINARY_FIELD,
			// binaryPropertyName from an expression that reads a field the item lacks
			badItem: { ...binaryItem(makePng(8, 6), 'unnamed.png'), json: { property: undefined } },
			marker: 'unnamed',
		},
		{
			operation,
			inputClass: 'wrong file type',
			field: BINARY_FIELD,
			badItem: video
				? binaryItem(makePng(8, 6), 'notavideo.mp4', 'video/mp4')
				: binaryItem(PDF, 'invoice.png', 'image/png'),
			marker: video ? 'notavideo' : 'invoice',
		},
		{
			operation,
			inputClass: 'empty file',
			field: BINARY_FIELD,
			badItem: binaryItem(Buffer.alloc(0), video ? 'blank.mp4' : 'blank.png'),
			marker: 'blank',
		},
	];
	if (sizeLimitBytes !== undefined) {
		rows.push({
			operation,
			inputClass: 'over the size limit',
			field: BINARY_FIELD,
			badItem: binaryItem(oversized(sizeLimitBytes), 'huge.png'),
			marker: 'huge',
		});
	}
	return rows;
}

/** The URL classes, for a URL parameter read from the item's `json` field. */
export function urlRows(operation: BadInputOperation, field: string, json: string): BadInputRow[] {
	return [
		{ operation, inputClass: 'malformed URL', field, bad: { [json]: 'not a url' } },
		{ operation, inputClass: 'malformed URL', field, bad: { [json]: 'http//cdn.example.com/a' } },
		{
			operation,
			inputClass: 'non-http(s) URL',
			field,
			bad: { [json]: 'ftp://files.example.com/a' },
		},
		{ operation, inputClass: 'non-http(s) URL', field, bad: { [json]: 'file:///etc/passwd' } },
	];
}

/** Binary rows read the property name through an expression, so one row can leave it undefined. */
function parametersOf(operation: BadInputOperation): IDataObject {
	return operation.file
		? { ...operation.params, binaryPropertyName: expr('property') }
		: operation.params;
}

function itemsOf(operation: BadInputOperation, row: BadInputRow, goodJson: IDataObject) {
	const good: FixtureItem = {
		json: { ...operation.good, ...goodJson, property: 'data' },
		binary: fileOf(operation),
	};
	const bad: FixtureItem = row.badItem
		? {
				...row.badItem,
				json: { ...operation.good, property: 'data', ...row.badItem.json },
			}
		: { json: { ...good.json, ...row.bad }, binary: fileOf(operation) };
	return { good, bad };
}

/** A string that only the bad item carries, to check that it was never sent. */
function markerOf(row: BadInputRow): string | undefined {
	if (row.marker) return row.marker;
	const value = Object.values(row.bad ?? {}).find(
		(v) => typeof v === 'string' && v.trim().length >= 4,
	);
	return value as string | undefined;
}

/**
 * Every row of every provider of `entries`; `figures` records the results into
 * test/reliability/FIGURES.md (providers.manifest.ts's run only).
 */
export function describeBadInput(
	entries: readonly ProviderManifestEntry[],
	{ figures: record = false }: { figures?: boolean } = {},
): void {
	const envs = useProviderEntries(entries);
	const ROWS = entries.flatMap((entry) =>
		loadProvider(entry)
			.rows.badInput()
			.rows.map((row) => ({ entry, row })),
	);
	const NOT_APPLICABLE: NotApplicable[] = entries.flatMap((entry) =>
		loadProvider(entry)
			.rows.badInput()
			.notApplicable.map(({ inputClass, why }) => ({ node: entry.displayName, inputClass, why })),
	);
	const figures: BadInputFigure[] = [];

	afterAll(() => {
		if (record && figures.length === ROWS.length)
			writeFragment('badInput', {
				classes: [...CLASSES],
				rows: figures,
				notApplicable: NOT_APPLICABLE,
			});
	});

	describe('bad input is rejected per item before any request, on every node and operation', () => {
		it.each(
			ROWS.map(
				({ entry, row }) =>
					[
						`${entry.displayName} ${row.operation.label}`,
						row.inputClass,
						row.field,
						entry,
						row,
					] as const,
			),
		)('%s | %s | %s', async (_label, _class, _field, entry, row) => {
			const operation = row.operation;
			const env = envs[entry.id];
			const goodJson = operation.setup ? await operation.setup(env) : {};
			env.fake.requests.length = 0;
			const { good, bad } = itemsOf(operation, row, goodJson);
			const parameters = parametersOf(operation);

			// Without Continue On Fail: the bad item (item 1) stops the node before any request.
			const stopped = await env.run(parameters, [good, bad]);
			expect(stopped.items).toEqual([]);
			expect(stopped.error?.message).toMatch(
				new RegExp(`^Invalid "${row.field.replace(/[()]/g, '\\$&')}" in item 1: `),
			);
			expect(stopped.error?.context?.itemIndex).toBe(1);
			expect(stopped.error?.description).toBe(
				`Parameter "${row.field}" of item 1 was rejected before any request was sent to the provider.`,
			);
			expect(env.fake.requests).toEqual([]);

			// With Continue On Fail: the bad item (now item 0) gets its error, the good one runs.
			const continued = await env.run(parameters, [bad, good], { continueOnFail: true });
			expect(continued.error).toBeUndefined();
			expect(continued.items).toHaveLength(2);
			const [badOut, goodOut] = continued.items;
			expect(badOut.pairedItem).toEqual({ item: 0 });
			expect(badOut.json).toMatchObject({
				error: expect.stringMatching(
					new RegExp(`^Invalid "${row.field.replace(/[()]/g, '\\$&')}" in item 0: `),
				),
				itemIndex: 0,
			});
			expect(goodOut.pairedItem).toEqual({ item: 1 });
			expect(goodOut.json.error).toBeUndefined();
			expect(goodOut.json.provider).toBe(entry.id);
			expect(env.paidUnits()).toBe(operation.goodUnits);
			const marker = markerOf(row);
			if (marker) expect(JSON.stringify(env.fake.requests)).not.toContain(marker);

			figures.push({
				node: entry.displayName,
				operation: operation.label,
				inputClass: row.inputClass,
				field: row.field,
				error: normalize(stopped.error?.message ?? ''),
				requests: 0,
				outputs: continued.items.length,
				goodItemRan: goodOut.json.error === undefined,
			});
		});
	});
}
