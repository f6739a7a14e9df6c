/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only: reads the figures file */
/**
 * Writes test/reliability/FIGURES.md from the figures the reliability suites recorded (each suite
 * records its fragment only when all its rows passed), and checks that they are complete and
 * consistent: every fault class × provider and every bad-input class × node has a result or a
 * stated reason why it does not apply, and no run showed the API key.
 */
import { readFileSync } from 'node:fs';

import { FIGURES_MD, readFragments, renderFigures, writeFiguresMarkdown } from './lib/figures';
import { PROVIDER_NAMES } from './lib/providers';

const fragments = readFragments();
const PROVIDERS = Object.values(PROVIDER_NAMES);

describe('reliability figures', () => {
	it('has a recorded result, or a reason, for every fault class and provider', () => {
		const faults = fragments.faults!;
		expect(faults).toBeDefined();
		const classes = new Set(faults.rows.map((row) => row.faultClass));
		expect(classes.size).toBeGreaterThanOrEqual(20);
		for (const faultClass of classes) {
			for (const provider of PROVIDERS) {
				const results = faults.rows.filter(
					(row) => row.faultClass === faultClass && row.provider === provider,
				);
				const reasons = faults.notApplicable.filter(
					(row) => row.faultClass === faultClass && row.provider === provider,
				);
				expect([faultClass, provider, results.length + reasons.length]).toEqual([
					faultClass,
					provider,
					1,
				]);
			}
		}
		for (const row of faults.rows) expect(row.result).toMatch(/^(retried \d+× → ok|error.*: .+)/);
	});

	it('has a rejected field, or a reason, for every bad-input class and node', () => {
		const badInput = fragments.badInput!;
		expect(badInput).toBeDefined();
		for (const inputClass of badInput.classes) {
			for (const node of PROVIDERS) {
				const covered =
					badInput.rows.some((row) => row.inputClass === inputClass && row.node === node) ||
					badInput.notApplicable.some((row) => row.inputClass === inputClass && row.node === node);
				expect([inputClass, node, covered]).toEqual([inputClass, node, true]);
			}
		}
		for (const row of badInput.rows) {
			expect(row.error).toMatch(
				new RegExp(`^Invalid "${row.field.replace(/[()]/g, '\\$&')}" in item 1: `),
			);
			expect([row.requests, row.outputs, row.goodItemRan]).toEqual([0, 2, true]);
		}
	});

	it('adds up the 500-item batch', () => {
		const batch = fragments.batch!;
		expect(batch).toBeDefined();
		expect(batch.succeeded + batch.failed).toBe(batch.items);
		expect(batch.tasksCreated).toBe(batch.succeeded + batch.lostReplies);
		expect(batch.submissionAttempts).toBeGreaterThanOrEqual(batch.items);
		expect(Object.values(batch.faultsByKind).reduce((sum, n) => sum + n, 0)).toBe(
			batch.faultedAttempts,
		);
	});

	it('found the API key nowhere', () => {
		const secrets = fragments.secrets!;
		expect(secrets).toBeDefined();
		expect(new Set(secrets.rows.map((row) => row.node))).toEqual(new Set(PROVIDERS));
		for (const row of secrets.rows) {
			expect(row.leaks).toBe(0);
			expect(row.logLines).toBeGreaterThan(0);
		}
	});

	it('writes FIGURES.md', () => {
		const markdown = writeFiguresMarkdown();
		expect(readFileSync(FIGURES_MD, 'utf8')).toBe(renderFigures(fragments));
		for (const heading of [
			'## Provider faults',
			'## 500 items with 10 % injected faults',
			'## Bad input',
			'## API key never shown',
		])
			expect(markdown).toContain(heading);
	});
});
