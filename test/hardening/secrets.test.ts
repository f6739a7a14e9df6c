/**
 * Keys in provider replies: removed before an excerpt is cut (a WAF-style error page that echoes
 * the key header right at the cut), in a key stored with surrounding whitespace, and in every
 * error of a cause chain (n8n serialises each cause's message and stack).
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { redactError } from '../../nodes/shared/errors';
import { excerpt } from '../../nodes/shared/replies';
import type { ProviderKey } from '../reliability/lib/providers';
import { randomApiKey, reply, useProviders } from '../reliability/lib/providers';

const envs = useProviders();

const FIRST_REQUEST: Record<ProviderKey, IDataObject> = {
	cutoutPro: { resource: 'account', operation: 'getCredits' },
	ximilar: { resource: 'account', operation: 'getCredits' },
	runware: { resource: 'account', operation: 'getCredits' },
	photoroom: { resource: 'account', operation: 'getCredits' },
	backgroundRemoverAi: {
		resource: 'conversion',
		operation: 'getResult',
		conversionId: 'c0ffee00-0000-4000-8000-000000000001',
	},
};

/** A WAF page that echoes the key header so that the 300-character cut falls inside the key. */
const wafPage = (key: string) =>
	`${'<p>Request blocked.</p>'.padEnd(260, ' ')}APIKEY: ${key}\n</html>`;

describe.each(Object.keys(FIRST_REQUEST) as ProviderKey[])(
	'%s: a key echoed by an error page',
	(provider) => {
		it.each([
			['as stored', (key: string) => key],
			['stored with surrounding whitespace', (key: string) => `  ${key}\t`],
		])('leaves no part of the key in the error (key %s)', async (_label, stored) => {
			const env = envs[provider];
			// Ximilar shows an excerpt only of a 2xx reply it cannot read.
			const status = provider === 'ximilar' ? 200 : 403;
			env.fake.faults.add({ kind: reply(status, wafPage(env.apiKey)), times: 5 });
			const { error } = await env.run(FIRST_REQUEST[provider], [{ json: {} }], {
				apiKey: stored(env.apiKey),
				continueOnFail: false,
			});
			expect(error).toBeDefined();
			const everything = JSON.stringify(error) + String(error?.description) + String(error?.stack);
			// The old cut fell 32 characters into the key: no part of its random tail may show.
			const tail = env.apiKey.slice(env.apiKey.lastIndexOf('-') + 1);
			expect(everything).not.toContain(tail.slice(0, 8));
			expect(error?.description).toContain('APIKEY: ***');
		});
	},
);

describe('redaction order and reach', () => {
	const KEY = randomApiKey('cause');

	it('excerpt removes the key before cutting', () => {
		const text = `${'x'.repeat(295)}${KEY}`;
		expect(excerpt(text, [KEY])).toBe(`${'x'.repeat(295)}***`);
		expect(excerpt(text, [` ${KEY} `])).toBe(`${'x'.repeat(295)}***`);
	});

	it('redactError reaches every error of a cause chain, messages and stacks', () => {
		const root = new Error(`socket closed by proxy for key ${KEY}`);
		const middle = new Error('request failed', { cause: root });
		const node = {
			name: 'n',
			type: 't',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		} as never;
		const wrapped = new NodeOperationError(node, middle, { itemIndex: 0 });
		const api = new NodeApiError(node, { message: `key ${KEY}` }, { itemIndex: 0 });
		(api as { cause?: unknown }).cause = wrapped;
		redactError(api, [KEY]);
		for (const error of [api, wrapped, middle, root]) {
			expect(error.message).not.toContain(KEY);
			expect(String(error.stack)).not.toContain(KEY);
		}
		expect(root.message).toBe('socket closed by proxy for key ***');
	});
});
