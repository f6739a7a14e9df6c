/**
 * The rows of the faults suite (./faults.ts): each fault class, the path it strikes, the faults
 * injected and what must follow (a bounded retry that succeeds, or the item's error, worded for
 * every provider alike or by the provider's scenario).
 */
import type { IDataObject } from 'n8n-workflow';

import type { Fault, FaultKind, RecordedRequest } from '../fakes/fake-server';
import { reply } from '../reliability/lib/providers';
import type { FaultScenario, Path } from './faults';

/** A fault whose reply is built from the request it answers. */
function replyTo(
	match: (r: RecordedRequest) => boolean,
	build: (r: RecordedRequest) => unknown,
): Fault {
	let last: RecordedRequest | undefined;
	return {
		match: (request) => {
			last = request;
			return match(request);
		},
		get kind() {
			return reply(200, build(last!));
		},
	};
}

/** The node's error: one wording for every provider, or the scenario's own (`errors`). */
export type Wording = (name: string, scenario: FaultScenario) => string | RegExp | undefined;

export type Expectation =
	| { retried: number; waitedMs?: number }
	| {
			error: Wording;
			/** The error carries the task id: in its json, or in its message too. */
			taskId?: 'json' | 'message';
			/** Requests to the faulted path (default 1 for a submission: not repeated). */
			attempts?: number;
			/** Show the error's description in the figures too. */
			describe?: boolean;
	  };

export interface FaultRow {
	faultClass: string;
	path: Path | 'task';
	/** Faults to inject on the path (matcher given). */
	faults: (on: (request: RecordedRequest) => boolean, scenario: FaultScenario) => Fault[];
	params?: IDataObject;
	expect: Expectation;
}

const once =
	(kind: FaultKind) =>
	(on: (request: RecordedRequest) => boolean): Fault[] => [{ match: on, kind }];
const always =
	(kind: FaultKind) =>
	(on: (request: RecordedRequest) => boolean): Fault[] => [{ match: on, kind, times: Infinity }];
const TIMEOUT = { options: { timeoutSeconds: 0.2 } };
const SLOW: FaultKind = { delayMs: 800 };

/** The fakes' own error bodies for injected statuses, as each node words them. */
const text = (status: number) => (status === 429 ? 'Too Many Requests' : 'Injected server error');
const providerError =
	(status: number): Wording =>
	(name, scenario) =>
		scenario.errors.status?.(status, text(status)) ?? `${name} error ${status}: ${text(status)}`;
// One wording for every provider (the error contract, nodes/shared/errors.ts).
const perProvider =
	(words: (name: string) => string): Wording =>
	(name) =>
		words(name);
const notValid = () =>
	perProvider((name) => `${name} sent a reply that is not a valid API response`);
const scenarios =
	(key: 'missingFields' | 'taskFails' | 'neverFinishes'): Wording =>
	(_name, scenario) =>
		scenario.errors[key];

/** The fault classes, each injected on one path of every provider's scenario that has it. */
export const FAULT_ROWS: FaultRow[] = [
	{
		faultClass: '429 with Retry-After: 1 on submission',
		path: 'submit',
		faults: once({ status: 429, retryAfter: 1 }),
		expect: { retried: 1, waitedMs: 1000 },
	},
	{
		faultClass: '429 without Retry-After on submission',
		path: 'submit',
		faults: once({ status: 429 }),
		expect: { retried: 1 },
	},
	{
		faultClass: '500 on submission',
		path: 'submit',
		faults: always({ status: 500 }),
		expect: { error: providerError(500) },
	},
	{
		faultClass: '502 on submission (ambiguous: not repeated)',
		path: 'submit',
		faults: always({ status: 502 }),
		expect: { error: providerError(502) },
	},
	{
		faultClass: '503 on submission',
		path: 'submit',
		faults: once({ status: 503 }),
		expect: { retried: 1 },
	},
	{
		faultClass: '504 on submission (ambiguous: not repeated)',
		path: 'submit',
		faults: always({ status: 504 }),
		expect: { error: providerError(504) },
	},
	{
		faultClass: '429 with Retry-After: 120 (over the 60 s limit)',
		path: 'submit',
		faults: always({ status: 429, retryAfter: 120 }),
		expect: { error: providerError(429) },
	},
	{
		faultClass: 'connection reset on submission',
		path: 'submit',
		faults: always('reset'),
		expect: {
			error: perProvider(
				(name) => `${name} could not be reached: the connection was reset (1 attempt(s))`,
			),
		},
	},
	{
		faultClass: 'reset mid-body on submission',
		path: 'submit',
		faults: always('reset-mid-body'),
		expect: {
			error: perProvider(
				(name) => `${name} could not be reached: the connection was reset (1 attempt(s))`,
			),
		},
	},
	{
		faultClass: 'slower than the timeout on submission',
		path: 'submit',
		faults: always(SLOW),
		params: TIMEOUT,
		expect: {
			error: perProvider(
				(name) => `${name} could not be reached: no reply before the timeout (1 attempt(s))`,
			),
		},
	},
	{
		faultClass: 'malformed JSON reply to submission',
		path: 'submit',
		faults: always('malformed-json'),
		expect: { error: notValid() },
	},
	{
		faultClass: 'truncated JSON reply to submission',
		path: 'submit',
		faults: always('truncated-json'),
		expect: { error: notValid() },
	},
	{
		faultClass: 'reply missing fields',
		path: 'submit',
		faults: (on, scenario) => [replyTo(on, scenario.missingFields)],
		expect: {
			error: scenarios('missingFields'),
			describe: true,
		},
	},
	{
		faultClass: '500 once on status poll',
		path: 'status',
		faults: once({ status: 500 }),
		expect: { retried: 1 },
	},
	{
		faultClass: '500 on every status poll',
		path: 'status',
		faults: always({ status: 500 }),
		expect: { error: providerError(500) },
	},
	{
		faultClass: '502 on status poll',
		path: 'status',
		faults: once({ status: 502 }),
		expect: { retried: 1 },
	},
	{
		faultClass: '504 on status poll',
		path: 'status',
		faults: once({ status: 504 }),
		expect: { retried: 1 },
	},
	{
		faultClass: 'reset mid-body on status poll',
		path: 'status',
		faults: once('reset-mid-body'),
		expect: { retried: 1 },
	},
	{
		faultClass: 'slower than the timeout on status poll',
		path: 'status',
		faults: once(SLOW),
		params: TIMEOUT,
		expect: { retried: 1 },
	},
	{
		faultClass: 'malformed JSON on status poll',
		path: 'status',
		faults: always('malformed-json'),
		expect: { error: notValid() },
	},
	{
		faultClass: 'async task fails',
		path: 'task',
		faults: () => [],
		expect: {
			error: scenarios('taskFails'),
			taskId: 'json',
		},
	},
	{
		faultClass: 'async task never finishes',
		path: 'task',
		params: { maxWaitSeconds: 1 },
		faults: (_on, scenario) => [
			{ match: scenario.paths.status!, kind: reply(200, scenario.stillRunning), times: Infinity },
		],
		expect: {
			error: scenarios('neverFinishes'),
			taskId: 'message',
		},
	},
	{
		faultClass: 'result URL 404',
		path: 'download',
		faults: always(reply(404, 'Not Found')),
		expect: {
			error: perProvider((name) => `${name} result file could not be downloaded (HTTP 404)`),
		},
	},
	{
		faultClass: 'result download cut short once',
		path: 'download',
		faults: once('reset-mid-body'),
		expect: { retried: 1 },
	},
	{
		faultClass: 'result download cut short every time',
		path: 'download',
		faults: always('reset-mid-body'),
		expect: {
			error: perProvider((name) => `${name} result file download was interrupted: aborted`),
			attempts: 3,
		},
	},
];
