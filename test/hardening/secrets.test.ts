/**
 * Keys in provider replies (every node of providers.manifest.ts: describeEchoedKeys in
 * test/suites/hardening.ts): removed before an excerpt is cut (a WAF-style error page that echoes
 * the key header right at the cut), in a key stored with surrounding whitespace, and in every
 * error of a cause chain (n8n serialises each cause's message and stack).
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { redactError } from '../../nodes/shared/errors';
import { excerpt } from '../../nodes/shared/replies';
import { PROVIDERS } from '../providers';
import { randomApiKey } from '../reliability/lib/providers';
import { describeEchoedKeys } from '../suites/hardening';

describeEchoedKeys(PROVIDERS);

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
