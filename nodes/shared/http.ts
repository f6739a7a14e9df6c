import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { accountKey } from './credentials';
import { apiError } from './errors';
import { AccountOutage, MAX_REFUSALS, REFUSAL_BUDGET_MS, RefusalBudget } from './limiter';
import type { ItemCall } from './run';
import { throwIfCancelled, waitMs } from './wait';

export interface RetryPolicy {
	/** Attempts in all, the first included. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** A Retry-After longer than this is not waited for: the item fails with a clear message. */
	maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
	maxAttempts: 4,
	baseDelayMs: 500,
	maxDelayMs: 8_000,
	maxRetryAfterMs: 60_000,
};

/**
 * Under the adaptive limit, a refusal for load (429/503) is the account's own pressure: it does not
 * use up the item's attempts. It has a budget of its own instead (`RefusalBudget`): at most
 * MAX_REFUSALS refusals and REFUSAL_BUDGET_MS from the request's first refusal (its time in line
 * included), each followed by a wait of at least REFUSAL_FLOOR_MS (a `Retry-After: 0`, or a date in
 * the past, does not make a request repeat at once).
 */
const REFUSED_FOR_LOAD = new Set([429, 503]);

/** A request for one item (its call: index, Request Timeout, the execution's limit) and what to send. */
export interface HttpCall extends ItemCall {
	/** Provider name for messages, e.g. "Cutout.pro". */
	provider: string;
	/** n8n credential type that authenticates the call; omit for public result URLs. */
	credentialType?: string;
	/** Builds the request; called once per attempt so streamed bodies are fresh each time. */
	request: () => IHttpRequestOptions;
	/**
	 * False for calls that create paid work (task submissions). Those are retried only when the
	 * provider certainly did not take the request: 429, 503, or a refused connection.
	 */
	idempotent: boolean;
	retry?: RetryPolicy;
	/**
	 * Reads the reply's body within the attempt, holding its place in the limit (a reset while
	 * reading is retried like one while sending); what it returns becomes the body. An error it
	 * throws that is not a network failure fails the request as it is.
	 */
	readBody?: (response: IN8nHttpFullResponse) => Promise<unknown>;
}

// A 500 on a status poll or a download is usually a passing fault (the task is fine): repeating a
// read is free, and failing would throw away a wait that may have lasted minutes.
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRYABLE_STATUS_NOT_IDEMPOTENT = new Set([429, 503]);
/** Network failures before anything was sent: safe to repeat even a submission. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
const NETWORK_CODES = new Set([
	...NOT_SENT_CODES,
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ERR_STREAM_PREMATURE_CLOSE',
	'UND_ERR_SOCKET',
]);

/** Plain words for the message: n8n rewrites messages that contain the raw codes. */
const NETWORK_FAILURE_TEXT: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be resolved',
	ECONNRESET: 'the connection was reset',
	ETIMEDOUT: 'no reply before the timeout',
	ECONNABORTED: 'no reply before the timeout',
	EPIPE: 'the connection was closed while sending',
	ERR_STREAM_PREMATURE_CLOSE: 'the connection was closed early',
	UND_ERR_SOCKET: 'the connection was closed early',
};

/** Finds the network error code in an error possibly wrapped by n8n (NodeApiError → cause). */
export function networkErrorCode(error: unknown): string | undefined {
	const chain: Array<{ code?: unknown; message?: unknown }> = [];
	for (let current = error; current && typeof current === 'object' && chain.length < 5; ) {
		chain.push(current as { code?: unknown; message?: unknown });
		current = (current as { cause?: unknown }).cause;
	}
	// A code anywhere in the chain wins over wording, which n8n rewrites in its wrappers.
	for (const { code } of chain)
		if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
	for (const { message } of chain) {
		if (typeof message !== 'string') continue;
		if (/timeout of \d+ms exceeded/i.test(message)) return 'ETIMEDOUT';
		if (/socket hang up|aborted/i.test(message) && !/canceled/i.test(message)) return 'ECONNRESET';
	}
	return undefined;
}

/**
 * Retry-After as RFC 9110 defines it: delta-seconds (digits only) or an HTTP-date (IMF-fixdate,
 * RFC 850 or asctime). Anything else is ignored: Date.parse reads garbage such as "x 2027" as a date.
 */
export function parseRetryAfterMs(value: unknown, now = Date.now()): number | undefined {
	const raw = Array.isArray(value) ? value[0] : value;
	if (typeof raw === 'number') return Number.isFinite(raw) && raw >= 0 ? raw * 1000 : undefined;
	if (typeof raw !== 'string') return undefined;
	const text = raw.trim();
	if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
	const date = httpDate(text, now);
	return date === undefined ? undefined : Math.max(0, date - now);
}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
const HTTP_DATES: Array<{
	pattern: RegExp;
	order: [number, number, number, number, number, number];
}> = [
	// IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT (groups: day, month, year, h, m, s)
	{
		pattern: new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`),
		order: [3, 2, 1, 4, 5, 6],
	},
	// RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
	{
		pattern: new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`),
		order: [3, 2, 1, 4, 5, 6],
	},
	// asctime: Sun Nov  6 08:49:37 1994
	{
		pattern: new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`),
		order: [6, 1, 2, 3, 4, 5],
	},
];

/** An HTTP-date in one of its three formats, in ms since the epoch; undefined for anything else. */
function httpDate(text: string, now: number): number | undefined {
	for (const { pattern, order } of HTTP_DATES) {
		const match = pattern.exec(text);
		if (!match) continue;
		const [year, month, day, hour, minute, second] = order.map((group) => match[group]);
		let fullYear = Number(year);
		// RFC 850's two-digit year: RFC 9110 reads one more than 50 years ahead as the past century.
		if (year.length === 2) {
			const thisYear = new Date(now).getUTCFullYear();
			fullYear += Math.floor(thisYear / 100) * 100;
			if (fullYear > thisYear + 50) fullYear -= 100;
		}
		const [d, h, m, sec] = [Number(day.trim()), Number(hour), Number(minute), Number(second)];
		const ms = Date.UTC(fullYear, MONTHS.indexOf(month), d, h, m, sec);
		// Rejects impossible dates and times (31 Feb, 25:00) that Date.UTC would roll over.
		if (new Date(ms).getUTCDate() !== d || h > 23 || m > 59 || sec > 60) return undefined;
		return ms;
	}
	return undefined;
}

export function backoffDelayMs(attempt: number, policy: RetryPolicy): number {
	const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
	// Full jitter on the upper half keeps parallel items from retrying in lock-step.
	return Math.round(exponential / 2 + (Math.random() * exponential) / 2);
}

/**
 * Sends one provider request through n8n's HTTP helpers with bounded retries.
 * Returns the full response for every status the caller must interpret (2xx and provider errors);
 * throws only when the network failed on every attempt or the execution was cancelled.
 */
export async function sendWithRetry(
	ctx: IExecuteFunctions,
	call: HttpCall,
): Promise<IN8nHttpFullResponse> {
	const policy = call.retry ?? DEFAULT_RETRY;
	const retryableStatus = call.idempotent ? RETRYABLE_STATUS : RETRYABLE_STATUS_NOT_IDEMPOTENT;
	const signal = ctx.getExecutionCancelSignal();
	// The item's Request Timeout and the execution's limit, handed down with the call.
	const timeout = call.timeoutMs;
	// API requests share their account's limit; result downloads (no credential) do not.
	const limit = call.credentialType ? call.limit : undefined;
	const account = call.credentialType ? accountKey(ctx, call.credentialType) : '';
	const refusals = new RefusalBudget();
	for (let attempt = 0; ; attempt++) {
		throwIfCancelled(ctx, call.itemIndex);
		// Back after a refusal, the request goes first in its execution's line.
		const place = limit ? await limit.acquire(account, signal, refusals.refusals > 0) : undefined;
		if (place instanceof AccountOutage) throw outageError(ctx, call, place);
		if (limit && !place) {
			throwIfCancelled(ctx, call.itemIndex);
			throw new NodeOperationError(ctx.getNode(), 'The node ended before this request was sent', {
				itemIndex: call.itemIndex,
			});
		}
		const isLastAttempt = attempt + 1 >= policy.maxAttempts;
		let response: IN8nHttpFullResponse;
		let bodyError: unknown;
		let options: IHttpRequestOptions;
		try {
			// Built only now, once the request may go: what it mints (signed URLs) is fresh.
			options = {
				timeout,
				...call.request(),
				...(call.credentialType ? KEEP_CREDENTIALS_AT_ORIGIN : {}),
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				abortSignal: signal,
			};
			response = (await (call.credentialType
				? ctx.helpers.httpRequestWithAuthentication.call(ctx, call.credentialType, options)
				: ctx.helpers.httpRequest(options))) as IN8nHttpFullResponse;
			if (call.readBody) {
				const { readBody } = call;
				response = await readBody(response).then(
					(body) => ({ ...response, body: body as IN8nHttpFullResponse['body'] }),
					(error: unknown) => {
						if (!networkErrorCode(error)) bodyError = error;
						throw error;
					},
				);
			}
		} catch (error) {
			place?.release('other');
			throwIfCancelled(ctx, call.itemIndex);
			if (bodyError !== undefined && error === bodyError) throw bodyError;
			const code = networkErrorCode(error);
			const retryable = code !== undefined && (call.idempotent || NOT_SENT_CODES.has(code));
			if (!retryable || isLastAttempt) {
				throw apiError(
					ctx.getNode(),
					code
						? `${call.provider} could not be reached: ${NETWORK_FAILURE_TEXT[code] ?? 'network error'} (${attempt + 1} attempt(s))`
						: `${call.provider} request failed: ${(error as Error).message}`,
					{
						description: code
							? `Network error ${code}.${
									!call.idempotent && !NOT_SENT_CODES.has(code)
										? ' The request may have reached the provider, so it was not repeated (repeating could start a second paid task).'
										: ''
								}`
							: undefined,
						itemIndex: call.itemIndex,
					},
				);
			}
			await waitMs(ctx, backoffDelayMs(attempt, policy), call.itemIndex);
			continue;
		}
		const redirect = call.credentialType ? redirectError(ctx, call, response, options) : undefined;
		if (redirect) {
			place?.release('other');
			throw redirect;
		}
		const refused = REFUSED_FOR_LOAD.has(response.statusCode);
		const retryAfter = parseRetryAfterMs(headerValue(response.headers, 'retry-after'));
		const tooLong = retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs;
		// A refusal for load under the adaptive limit: the account's limit comes down; this request
		// waits what the provider asked for (the rest of the account goes on) and asks for a place
		// again, without using up an attempt.
		if (refused && limit?.adaptive && !tooLong) {
			const { pauseMs, exhausted } = refusals.refused(retryAfter);
			place!.release('refused', pauseMs);
			discard(response.body);
			if (exhausted) throw refusalsUsedUp(ctx, call, response.statusCode, refusals);
			attempt--;
			await waitMs(ctx, pauseMs, call.itemIndex);
			continue;
		}
		place?.release(refused ? 'refused' : 'ok');
		if (tooLong || !retryableStatus.has(response.statusCode) || isLastAttempt) return response;
		discard(response.body);
		await waitMs(ctx, Math.max(backoffDelayMs(attempt, policy), retryAfter ?? 0), call.itemIndex);
	}
}

/** A request refused for load more often, or for longer, than its budget allows. */
function refusalsUsedUp(
	ctx: IExecuteFunctions,
	call: HttpCall,
	status: number,
	budget: RefusalBudget,
): NodeApiError {
	return apiError(
		ctx.getNode(),
		`${call.provider} refused this request for load ${budget.refusals} times (HTTP ${status}) over ${duration(budget.elapsedMs)}; it was not sent again`,
		{
			description: `A request refused for load (429, 503) waits what the provider asks for and tries again, up to ${MAX_REFUSALS} times or ${duration(REFUSAL_BUDGET_MS)} from its first refusal. The provider account is at its limit (other executions, workflows or workers may share it) or the provider is in trouble: lower Concurrency, or run the items again later.`,
			httpCode: status,
			itemIndex: call.itemIndex,
		},
	);
}

/** A request failed by the account's outage breaker, before it was sent (again). */
function outageError(ctx: IExecuteFunctions, call: HttpCall, outage: AccountOutage) {
	return apiError(
		ctx.getNode(),
		`${call.provider} has refused every request on this account for ${duration(outage.forMs)} (${outage.refusals} refusals for load, no success): an outage or a used-up account limit; this item was not sent`,
		{
			description:
				'After 10 minutes without a single success on a provider account, the requests waiting for it fail instead of waiting on. The account keeps trying one request at a time and works as before once the provider answers again: run the failed items again later.',
			itemIndex: call.itemIndex,
		},
	);
}

/** `ms` in words: "45 s", "10 min", "12 min 30 s". */
function duration(ms: number) {
	const seconds = Math.round(ms / 1000);
	if (seconds < 60) return `${seconds} s`;
	const rest = seconds % 60;
	return `${Math.floor(seconds / 60)} min${rest ? ` ${rest} s` : ''}`;
}

/**
 * A request that carries an API key follows no redirect: n8n's redirect follower re-adds
 * Authorization on another origin (sendCredentialsOnCrossOriginRedirect defaults to true) and keeps
 * custom key headers such as Cutout.pro's APIKEY on every hop. No provider API here redirects.
 */
const KEEP_CREDENTIALS_AT_ORIGIN: Partial<IHttpRequestOptions> = {
	disableFollowRedirect: true,
	sendCredentialsOnCrossOriginRedirect: false,
};

/** A redirect answering an authenticated request: an error naming where it pointed (origin only). */
function redirectError(
	ctx: IExecuteFunctions,
	call: HttpCall,
	response: IN8nHttpFullResponse,
	request: IHttpRequestOptions,
): NodeApiError | undefined {
	if (response.statusCode < 300 || response.statusCode >= 400) return undefined;
	const location = headerValue(response.headers, 'location');
	if (location === undefined) return undefined;
	discard(response.body);
	return apiError(
		ctx.getNode(),
		`${call.provider} answered with a redirect (HTTP ${response.statusCode} to ${redirectTarget(location, request)}), which was not followed`,
		{
			description:
				'Requests that carry the API key never follow redirects, so the key cannot reach another address. Check the Base URL of the credential.',
			httpCode: response.statusCode,
			itemIndex: call.itemIndex,
		},
	);
}

/** The URL a request goes to, as n8n's HTTP client joins `baseURL` and `url`. */
export function requestUrl(request: Pick<IHttpRequestOptions, 'url' | 'baseURL'>): URL | undefined {
	try {
		if (/^[a-z][a-z0-9+.-]*:/i.test(request.url) || !request.baseURL) return new URL(request.url);
		return new URL(`${request.baseURL.replace(/\/+$/, '')}/${request.url.replace(/^\/+/, '')}`);
	} catch {
		return undefined;
	}
}

/**
 * Where a Location points, resolved against the request's URL first (a browser or HTTP client
 * reads `//other-host/x` as another host): its origin, or "another path of the same host".
 */
function redirectTarget(location: string, request: IHttpRequestOptions): string {
	const from = requestUrl(request);
	let target: URL;
	try {
		target = new URL(location, from);
	} catch {
		return 'an address that could not be read';
	}
	return from && target.origin === from.origin ? 'another path of the same host' : target.origin;
}

export function headerValue(headers: IDataObject | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const value = headers[name] ?? headers[name.toLowerCase()];
	if (Array.isArray(value)) return String(value[0]);
	return value === undefined || value === null ? undefined : String(value);
}

/** Discards a streamed body we will not read, so its socket is released. */
function discard(body: unknown) {
	const stream = body as { destroy?: () => void } | undefined;
	if (stream && typeof stream.destroy === 'function') stream.destroy();
}
