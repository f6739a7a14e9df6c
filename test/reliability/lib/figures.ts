/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only code, never shipped: it writes the figures files */
/**
 * The reliability figures: every suite records what it saw as a JSON fragment in `figures/`,
 * and FIGURES.md is rendered from all fragments (by each suite when it ends and by
 * figures.test.ts), so whichever suite runs last leaves a complete, current table.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { PROVIDERS as MANIFEST } from '../../../providers.manifest';

const ROOT = path.join(__dirname, '..');
const FRAGMENTS = path.join(ROOT, 'figures');
export const FIGURES_MD = path.join(ROOT, 'FIGURES.md');

export interface BadInputFigure {
	node: string;
	operation: string;
	inputClass: string;
	field: string;
	/** The error of the bad item (item 1) without Continue On Fail. */
	error: string;
	/** Requests the fake received in that run. */
	requests: number;
	/** With Continue On Fail: outputs for [bad, good], and whether the good one ran. */
	outputs: number;
	goodItemRan: boolean;
}

export interface NotApplicable {
	node: string;
	inputClass: string;
	why: string;
}

export interface FaultFigure {
	provider: string;
	faultClass: string;
	/** e.g. "retried 1× → ok" or "error: …". */
	result: string;
	/** Requests to the faulted path. */
	requests: number;
}

export interface BatchFigure {
	/** What the batch ran (the provider and operation), for the heading. */
	subject?: string;
	items: number;
	faultRate: number;
	concurrency: number;
	succeeded: number;
	failed: number;
	tasksCreated: number;
	/** Tasks the provider created whose reply was lost: their items failed, never resubmitted. */
	lostReplies: number;
	submissionAttempts: number;
	faultedAttempts: number;
	faultsByKind: Record<string, number>;
}

export interface SecretsFigure {
	node: string;
	operation: string;
	path: string;
	logLines: number;
	leaks: number;
}

export interface Fragments {
	badInput?: { classes: string[]; rows: BadInputFigure[]; notApplicable: NotApplicable[] };
	faults?: {
		rows: FaultFigure[];
		notApplicable: Array<{ provider: string; faultClass: string; why: string }>;
	};
	batch?: BatchFigure;
	secrets?: { rows: SecretsFigure[]; logLevel: string };
}

const FILES: Record<keyof Fragments, string> = {
	badInput: 'bad-input.json',
	faults: 'faults.json',
	batch: 'batch.json',
	secrets: 'secrets.json',
};

/** Writes a file whole (write then rename), so a reader never sees half of it. */
function writeAtomic(file: string, text: string) {
	mkdirSync(path.dirname(file), { recursive: true });
	const temporary = `${file}.${process.pid}.tmp`;
	writeFileSync(temporary, text);
	renameSync(temporary, file);
}

export function writeFragment<K extends keyof Fragments>(key: K, value: NonNullable<Fragments[K]>) {
	writeAtomic(path.join(FRAGMENTS, FILES[key]), `${JSON.stringify(value, null, '\t')}\n`);
	try {
		writeFiguresMarkdown();
	} catch {
		// Another suite's fragment is from an older shape: figures.test.ts reports it.
	}
}

export function readFragments(): Fragments {
	const fragments: Fragments = {};
	for (const [key, file] of Object.entries(FILES) as Array<[keyof Fragments, string]>) {
		const full = path.join(FRAGMENTS, file);
		if (existsSync(full))
			(fragments as Record<string, unknown>)[key] = JSON.parse(readFileSync(full, 'utf8'));
	}
	return fragments;
}

/** Makes error texts stable from run to run: ids, ports and timings are replaced. */
export function normalize(text: string): string {
	return text
		.replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://fake')
		.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
		.replace(/\b[0-9a-f]{32}\b/g, '<task>')
		.replace(/\b[0-9a-f]{6}-\d+-/g, '<prefix>-')
		.replace(/\btask (\d{6})\b/g, 'task <id>');
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(header: string[], rows: string[][]): string {
	return [
		`| ${header.join(' | ')} |`,
		`| ${header.map(() => '---').join(' | ')} |`,
		...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
	].join('\n');
}

/** The table columns: every provider of providers.manifest.ts, by its display name. */
const PROVIDERS = MANIFEST.map((p) => p.displayName);

function unique<T>(values: T[]): T[] {
	return [...new Set(values)];
}

function faultSection(faults: NonNullable<Fragments['faults']>): string {
	const classes = unique([
		...faults.rows.map((row) => row.faultClass),
		...faults.notApplicable.map((row) => row.faultClass),
	]);
	const rows = classes.map((faultClass) => [
		faultClass,
		...PROVIDERS.map((provider) => {
			const row = faults.rows.find((r) => r.provider === provider && r.faultClass === faultClass);
			if (row) return row.result;
			const na = faults.notApplicable.find(
				(r) => r.provider === provider && r.faultClass === faultClass,
			);
			return na ? `n/a (${na.why})` : '–';
		}),
	]);
	return table(['Fault', ...PROVIDERS], rows);
}

function badInputSection(badInput: NonNullable<Fragments['badInput']>): string {
	const short = (operation: string) => operation.replace('.removeBackground', '');
	const matrix = badInput.classes.map((inputClass) => [
		inputClass,
		...PROVIDERS.map((node) => {
			const rows = badInput.rows.filter((r) => r.node === node && r.inputClass === inputClass);
			if (rows.length) {
				const byField = new Map<string, string[]>();
				for (const row of rows)
					byField.set(row.field, unique([...(byField.get(row.field) ?? []), short(row.operation)]));
				return [...byField]
					.map(([field, operations]) => `${field} (${operations.join(', ')})`)
					.join('; ');
			}
			const na = badInput.notApplicable.find((r) => r.node === node && r.inputClass === inputClass);
			return na ? `n/a (${na.why})` : '–';
		}),
	]);
	const details = badInput.rows.map((row) => [
		row.inputClass,
		`${row.node} ${row.operation}`,
		row.field,
		row.error,
		String(row.requests),
		`${row.outputs} outputs, good item ${row.goodItemRan ? 'ran' : 'did NOT run'}`,
	]);
	return [
		'Every cell names the fields rejected; each was rejected before any request (the fake received none), and with Continue On Fail the good item of the same run still ran.',
		'',
		table(['Bad input', ...PROVIDERS], matrix),
		'',
		'<details><summary>Every row: the error the item gets</summary>',
		'',
		table(
			[
				'Bad input',
				'Node / operation',
				'Field',
				'Error (bad item is item 1)',
				'Requests',
				'Continue On Fail',
			],
			details,
		),
		'',
		'</details>',
	].join('\n');
}

function batchSection(batch: BatchFigure): string {
	return table(
		['Figure', 'Value'],
		[
			['Items', String(batch.items)],
			['Injected fault rate per submission', `${Math.round(batch.faultRate * 100)} %`],
			['Concurrency', String(batch.concurrency)],
			['Items succeeded', String(batch.succeeded)],
			['Items failed (clear per-item error, paired)', String(batch.failed)],
			['Tasks created at the provider', String(batch.tasksCreated)],
			['… of which the reply was lost (item failed, never resubmitted)', String(batch.lostReplies)],
			['Submission attempts', String(batch.submissionAttempts)],
			['Attempts that met a fault', String(batch.faultedAttempts)],
			[
				'Faults by kind',
				Object.entries(batch.faultsByKind)
					.map(([kind, count]) => `${kind}: ${count}`)
					.join(', '),
			],
		],
	);
}

function secretsSection(secrets: NonNullable<Fragments['secrets']>): string {
	const column = (row: SecretsFigure) =>
		`${row.node} ${row.operation.replace('.removeBackground', '')}`;
	const columns = unique(secrets.rows.map(column));
	const rows = unique(secrets.rows.map((row) => row.path)).map((path) => [
		path,
		...columns.map((name) => {
			const row = secrets.rows.find((r) => r.path === path && column(r) === name);
			if (!row) return 'n/a';
			return row.leaks ? `KEY FOUND ${row.leaks}×` : `not found (${row.logLines} log lines)`;
		}),
	]);
	return [
		`A fresh random API key per run. Scanned for the key (as sent, base64 and URL-encoded): output items (json, binary metadata and bytes), the error (message, description, context, stack, every own property), the whole run object, and every line n8n's logger emitted at level ${secrets.logLevel}. Failure paths ran with and without Continue On Fail.`,
		'',
		table(['Path', ...columns], rows),
	].join('\n');
}

export function renderFigures(fragments: Fragments = readFragments()): string {
	const parts = [
		'# Reliability figures',
		'',
		'Generated by `npx jest test/reliability` (test/reliability/figures.test.ts); do not edit by hand.',
		'Every row runs the real node through n8n-core against the local fake provider.',
	];
	if (fragments.faults) parts.push('', '## Provider faults', '', faultSection(fragments.faults));
	if (fragments.batch)
		parts.push(
			'',
			`## 500 items with 10 % injected faults${fragments.batch.subject ? ` (${fragments.batch.subject})` : ''}`,
			'',
			batchSection(fragments.batch),
		);
	if (fragments.badInput) parts.push('', '## Bad input', '', badInputSection(fragments.badInput));
	if (fragments.secrets)
		parts.push('', '## API key never shown', '', secretsSection(fragments.secrets));
	return `${parts.join('\n')}\n`;
}

export function writeFiguresMarkdown(): string {
	const markdown = renderFigures();
	writeAtomic(FIGURES_MD, markdown);
	return markdown;
}
