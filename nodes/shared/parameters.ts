import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	INode,
	IWebhookFunctions,
} from 'n8n-workflow';

import { inputError } from './errors';
import {
	requireBoolean,
	requireHexColor,
	requireHttpUrl,
	requireIntInRange,
	requireNonEmptyString,
	requireNumberInRange,
	requireOneOf,
} from './validation';

/** Where parameters come from: an execution (per item) or a webhook (one request). */
interface ParameterSource {
	getNode(): INode;
	getNodeParameter(name: string, itemIndex: number, fallback: unknown): unknown;
}

/**
 * The one way node code reads its parameters. Any value can come from an expression, so each is
 * checked here and a bad one is an error naming the field and the item, before any paid call.
 * `name` is the parameter's name (a dotted path reads inside a collection, e.g.
 * "imageOptions.crop"); `field` is what the user sees (its display name).
 */
export class ItemParameters {
	constructor(
		private readonly ctx: ParameterSource,
		readonly itemIndex: number,
	) {}

	/** The value, or `fallback` (null when none: n8n throws for a missing value without one). */
	private raw(name: string, fallback: unknown = null): unknown {
		return this.ctx.getNodeParameter(name, this.itemIndex, fallback) as unknown;
	}

	get node() {
		return this.ctx.getNode();
	}

	/** Whether a collection entry was added (an absent one falls back to the provider's default). */
	has(name: string): boolean {
		const value = this.raw(name);
		return value !== undefined && value !== null;
	}

	/** A switch: true, false, or "true"/"false" from an expression; anything else is an error. */
	boolean(name: string, field: string, fallback = false): boolean {
		return requireBoolean(this.node, this.itemIndex, field, this.raw(name, fallback));
	}

	/** A switch inside a collection: undefined when it was not added. */
	optionalBoolean(name: string, field: string): boolean | undefined {
		return this.has(name) ? this.boolean(name, field) : undefined;
	}

	integer(name: string, field: string, min: number, max: number, fallback?: number): number {
		return requireIntInRange(this.node, this.itemIndex, field, this.raw(name, fallback), min, max);
	}

	optionalInteger(name: string, field: string, min: number, max: number): number | undefined {
		return this.has(name) ? this.integer(name, field, min, max) : undefined;
	}

	number(name: string, field: string, min: number, max: number, fallback?: number): number {
		return requireNumberInRange(
			this.node,
			this.itemIndex,
			field,
			this.raw(name, fallback),
			min,
			max,
		);
	}

	/** Several of a fixed set of values (a multi-options parameter). */
	optionList<T extends string>(name: string, field: string, allowed: readonly T[]): T[] {
		const value = this.raw(name, []);
		const list = Array.isArray(value) ? value : [value];
		return list.map((entry) => requireOneOf(this.node, this.itemIndex, field, entry, allowed));
	}

	/** One of a fixed set of values (an options parameter). */
	option<T extends string>(name: string, field: string, allowed: readonly T[], fallback?: T): T {
		return requireOneOf(this.node, this.itemIndex, field, this.raw(name, fallback), allowed);
	}

	optionalOption<T extends string>(name: string, field: string, allowed: readonly T[]) {
		return this.has(name) ? this.option(name, field, allowed) : undefined;
	}

	/** A required text (an ID, a name): trimmed, never empty. */
	text(name: string, field: string): string {
		return requireNonEmptyString(this.node, this.itemIndex, field, this.raw(name));
	}

	/**
	 * An optional text: empty, or an expression that reads a missing field, gives undefined;
	 * anything but text (or a number) is an error.
	 */
	optionalText(name: string, field: string): string | undefined {
		const value = this.raw(name, '');
		if (value === undefined || value === null) return undefined;
		if (typeof value !== 'string' && typeof value !== 'number')
			throw inputError(
				this.node,
				this.itemIndex,
				field,
				`must be text, got ${JSON.stringify(value)}`,
			);
		return String(value).trim() || undefined;
	}

	/** An absolute http(s) URL. */
	url(name: string, field: string): string {
		return requireHttpUrl(this.node, this.itemIndex, field, this.raw(name));
	}

	/** A colour as six upper-case hex digits without "#". */
	hexColor(name: string, field: string): string {
		return requireHexColor(this.node, this.itemIndex, field, this.raw(name));
	}

	/** A value whose shape the caller checks itself (e.g. an RGBA colour in several notations). */
	value(name: string, fallback?: unknown): unknown {
		return this.raw(name, fallback);
	}

	/** A collection's entries, checked to be an object. */
	collection(name: string, field: string): IDataObject {
		const value = this.raw(name, {});
		if (value === undefined || value === null) return {};
		if (typeof value !== 'object' || Array.isArray(value))
			throw inputError(
				this.node,
				this.itemIndex,
				field,
				`must be a set of options, got ${JSON.stringify(value)}`,
			);
		return value as IDataObject;
	}
}

export function itemParameters(ctx: IExecuteFunctions, itemIndex: number): ItemParameters {
	return new ItemParameters(ctx, itemIndex);
}

/** The parameters of a trigger node while it receives a webhook request or is activated (item 0). */
export function webhookParameters(ctx: IWebhookFunctions | IHookFunctions): ItemParameters {
	return new ItemParameters(
		{
			getNode: () => ctx.getNode(),
			getNodeParameter: (name, _itemIndex, fallback) => ctx.getNodeParameter(name, fallback),
		},
		0,
	);
}
