/**
 * The one output contract (nodes/shared/output.ts, naming.ts, errors.ts), checked on every
 * operation of every provider node against its fake: describeContract(entries) runs the rows each
 * providers.manifest.ts entry's `contract` module exports (test/contract/cases.ts), the same three
 * checks for every row:
 * - json: `provider` (its id), `operation` ("<resource>.<operation>"), `status` done | processing,
 *   `taskId` text when present, `resultUrl` an http(s) URL when present, the input item's fields kept,
 *   `outputFiles` naming every output file (property, name, type, bytes);
 * - every output file named `<source>-<role>[-n].<extension>` (naming.ts), its type matching its name;
 * - a rejected key: one error item `<Provider> error <code>: <text>` with `itemIndex` and `httpCode`,
 *   paired with its input;
 * - an input check failure: `Invalid "<field>" in item <n>: …`, before any request.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { RESULT_ROLES } from '../../nodes/shared/naming';

import type { ProviderManifestEntry } from '../providers';
import { loadProvider } from '../providers';
import { useProviderEntries } from '../reliability/lib/providers';
import type { ContractCase } from './cases';
import { SKU } from './cases';

const ROLE = `(${RESULT_ROLES.join('|')})`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function expectContractJson(item: INodeExecutionData, provider: string, c: ContractCase) {
	expect(item.json).toMatchObject({
		provider,
		operation: `${c.resource}.${c.operation}`,
		...SKU,
	});
	expect(['done', 'processing']).toContain(item.json.status);
	if (item.json.taskId !== undefined) expect(typeof item.json.taskId).toBe('string');
	if (item.json.resultUrl !== undefined)
		expect(String(item.json.resultUrl)).toMatch(/^https?:\/\//);
	expect(item.pairedItem).toEqual({ item: 0 });
}

export function describeContract(entries: readonly ProviderManifestEntry[]) {
	const envs = useProviderEntries(entries);
	const rows = entries.flatMap((entry) =>
		loadProvider(entry)
			.contractCases()
			.map((c) => [`${entry.id} ${c.resource}.${c.operation}`, entry.id, c] as const),
	);
	describe.each(rows)('output contract: %s', (_name, provider, c) => {
		const base = { resource: c.resource, operation: c.operation };

		it('returns the contract json, the input fields, and files named <source>-<role>[-n].<ext>', async () => {
			const env = envs[provider];
			const before = (await c.before?.(env)) ?? {};
			const { items, error } = await env.run({ ...base, ...c.params(before) }, c.items());
			expect(error).toBeUndefined();
			expect(items).toHaveLength(1);
			expectContractJson(items[0], provider, c);
			const files = Object.values(items[0].binary ?? {});
			if (c.source === null) {
				expect(files).toEqual([]);
				return;
			}
			expect(files.length).toBeGreaterThan(0);
			const name = new RegExp(`^${escape(c.source(before))}-${ROLE}(-\\d+)?\\.([a-z0-9]+)$`);
			// what an AI agent gets of them (n8n gives a tool's json only to the model)
			expect(items[0].json.outputFiles).toEqual(
				Object.entries(items[0].binary ?? {}).map(([property, file]) => ({
					property,
					fileName: file.fileName,
					mimeType: file.mimeType,
					bytes: file.bytes,
				})),
			);
			for (const file of files) {
				expect(file.fileName).toMatch(name);
				expect(file.fileExtension ?? file.fileName!.split('.').pop()).toBe(
					file.fileName!.split('.').pop(),
				);
			}
		});

		it('a rejected key is one error item "<Provider> error <code>: <text>", paired', async () => {
			const env = envs[provider];
			const before = (await c.before?.(env)) ?? {};
			const { items } = await env.run({ ...base, ...c.params(before) }, c.items(), {
				apiKey: 'wrong-key-0000',
				continueOnFail: true,
			});
			expect(items).toHaveLength(1);
			expect(items[0].pairedItem).toEqual({ item: 0 });
			expect(String(items[0].json.error)).toMatch(
				new RegExp(`^${escape(env.name)} error \\S+: .+`),
			);
			expect(items[0].json).toMatchObject({ itemIndex: 0, httpCode: expect.any(String), ...SKU });
		});

		it('bad input is "Invalid \\"<field>\\" in item <n>: …" before any request', async () => {
			const env = envs[provider];
			const before = (await c.before?.(env)) ?? {};
			env.fake.reset();
			const { error } = await env.run({ ...base, ...c.params(before), ...c.bad.params }, c.items());
			expect(error?.message).toMatch(new RegExp(`^Invalid "${escape(c.bad.field)}" in item 0: `));
			expect(env.fake.requests).toEqual([]);
		});
	});
}
