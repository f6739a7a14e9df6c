import type { FakeServer } from '../fakes/fake-server';
import { startFakeServer } from '../fakes/fake-server';

/** A reply a stand-in gives to every request: JSON, or raw text of a content type. */
export type CannedReply =
	| { status: number; json: unknown }
	| { status: number; text: string; contentType?: string };

/** A server that answers every request with one reply (a parked page, `{}`, a 404, a 500). */
export async function startCannedServer(reply: CannedReply): Promise<FakeServer> {
	return await startFakeServer(async (ctx) => {
		if ('json' in reply) return await ctx.json(reply.status, reply.json);
		await ctx.send(
			reply.status,
			Buffer.from(reply.text),
			reply.contentType ?? 'text/html; charset=utf-8',
		);
	});
}

/** A domain-parking page, the kind a lapsed or mistyped host serves with HTTP 200. */
export const PARKED_PAGE =
	'<!doctype html><html><head><title>This domain is for sale</title></head><body><h1>example-api.com</h1><p>Buy this domain.</p></body></html>';
