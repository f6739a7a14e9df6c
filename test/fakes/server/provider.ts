/** What the provider fakes build on: state that resets with the server, routing by method and path, parameter checks. */

import type { FakeServer, FakeServerOptions, Route } from './types';
import { ParamError } from './types';
import { startFakeServer } from './server';

/** A fake provider: the server, its in-memory state (for assertions) and its API base URL. */
export interface ProviderFake<S> extends FakeServer {
	state: S;
	/** The URL a client uses as the provider's API base (`baseUrl` + the API path). */
	apiUrl: string;
}

/**
 * Empties a state object in place (so references held by tests stay valid): Maps,
 * Sets and arrays are emptied, numbers become 0, plain objects lose all their keys.
 */
export function clearState(state: object): void {
	const record = state as Record<string, unknown>;
	for (const [key, value] of Object.entries(record)) {
		if (value instanceof Map || value instanceof Set) value.clear();
		else if (Array.isArray(value)) value.length = 0;
		else if (typeof value === 'number') record[key] = 0;
		else if (value && typeof value === 'object')
			for (const inner of Object.keys(value)) delete (value as Record<string, unknown>)[inner];
	}
}

/** Starts a fake server whose `reset()` also clears `state` (see `clearState`). */
export async function startProviderFake<S extends object>(
	route: Route,
	opts: FakeServerOptions & { state: S; apiPath: string },
): Promise<ProviderFake<S>> {
	const server = (await startFakeServer(route, opts)) as ProviderFake<S>;
	server.state = opts.state;
	server.apiUrl = `${server.baseUrl}${opts.apiPath}`;
	server.onReset(() => clearState(opts.state));
	return server;
}

/**
 * Dispatch on `"METHOD /path"` keys. A path that exists under another method gets
 * `onWrongMethod` (default: 405 JSON).
 */
export function router(table: Record<string, Route>, onWrongMethod?: Route): Route {
	return async (ctx) => {
		const handler = table[`${ctx.req.method} ${ctx.req.path}`];
		if (handler) return await handler(ctx);
		if (Object.keys(table).some((key) => key.endsWith(` ${ctx.req.path}`))) {
			if (onWrongMethod) return await onWrongMethod(ctx);
			await ctx.json(405, { error: 'Method Not Allowed' });
		}
	};
}

/** A single string value from a query or form field map (first value if repeated). */
export function first(map: Record<string, string | string[]>, name: string): string | undefined {
	const value = map[name];
	return Array.isArray(value) ? value[0] : value;
}

/** First value of every entry of a query or form field map. */
export function singleValues(map: Record<string, string | string[]>): Record<string, string> {
	return Object.fromEntries(Object.keys(map).map((key) => [key, first(map, key)!]));
}

/** Increments a per-key counter. */
export function bump(counts: Record<string, number>, key: string): void {
	counts[key] = (counts[key] ?? 0) + 1;
}

/** Runs a validation; a thrown ParamError is returned instead (anything else propagates). */
export function attempt<T>(
	validate: () => T,
): { value: T; error?: undefined } | { value?: undefined; error: ParamError } {
	let caught: unknown;
	try {
		return { value: validate() };
	} catch (error) {
		caught = error;
	}
	if (caught instanceof ParamError) return { error: caught };
	throw caught;
}

/** Validators that throw `ParamError` naming the parameter. `undefined` passes unless required. */
export const check = {
	required(name: string, value: string | undefined): string {
		if (value === undefined || value === '') throw new ParamError(name, `${name} is required`);
		return value;
	},
	httpUrl(name: string, value: string | undefined): string | undefined {
		if (value === undefined) return undefined;
		let ok = false;
		try {
			ok = ['http:', 'https:'].includes(new URL(value).protocol);
		} catch {
			ok = false;
		}
		if (!ok) throw new ParamError(name, `${name} must be an http(s) URL`);
		return value;
	},
	oneOf<T extends string>(
		name: string,
		value: string | undefined,
		allowed: readonly T[],
	): T | undefined {
		if (value === undefined) return undefined;
		if (!(allowed as readonly string[]).includes(value))
			throw new ParamError(name, `${name} must be one of ${allowed.join(', ')}`);
		return value as T;
	},
	bool(name: string, value: string | boolean | undefined): boolean | undefined {
		if (value === undefined || typeof value === 'boolean') return value;
		if (value !== 'true' && value !== 'false')
			throw new ParamError(name, `${name} must be true or false`);
		return value === 'true';
	},
	/** An integer given as a JSON number or (from forms and queries) a decimal string. */
	int(
		name: string,
		value: unknown,
		min: number,
		max = Number.MAX_SAFE_INTEGER,
	): number | undefined {
		if (value === undefined) return undefined;
		const n =
			typeof value === 'number'
				? value
				: typeof value === 'string' && /^-?\d+$/.test(value)
					? Number(value)
					: NaN;
		if (!Number.isInteger(n) || n < min || n > max) {
			const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
			throw new ParamError(name, `${name} must be an integer ${range}`);
		}
		return n;
	},
	/** For JSON bodies: the value, when present, must have this JSON type. */
	type<T>(
		name: string,
		value: unknown,
		type: 'number' | 'boolean' | 'string' | 'object' | 'array',
	): T | undefined {
		if (value === undefined) return undefined;
		const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
		if (actual !== type)
			throw new ParamError(
				name,
				`${name} must be a${type === 'array' || type === 'object' ? 'n' : ''} ${type}`,
			);
		return value as T;
	},
	hexColor(name: string, value: string | undefined, withHash: boolean): string | undefined {
		if (value === undefined) return undefined;
		const pattern = withHash ? /^#[0-9a-fA-F]{6}$/ : /^[0-9a-fA-F]{6}$/;
		if (!pattern.test(value))
			throw new ParamError(
				name,
				`${name} must be a hex colour like ${withHash ? '#ffffff' : 'FFFFFF'}`,
			);
		return value;
	},
};

/**
 * Polling progress for async tasks: call once per status poll. Returns the
 * number of polls so far and whether the task has finished.
 */
export function advancePoll(
	task: { polls: number },
	pollsUntilDone: number,
): { done: boolean; fraction: number } {
	task.polls++;
	const done = task.polls > pollsUntilDone;
	return { done, fraction: done ? 1 : (task.polls - 1) / Math.max(1, pollsUntilDone) };
}
