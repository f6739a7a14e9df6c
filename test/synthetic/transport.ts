/** The Synthetic provider's transport: the same identity exports as every real transport. */
import type { IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { knownSecrets, readApiCredentials } from '../../nodes/shared/credentials';
import { apiError, authHint, providerError } from '../../nodes/shared/errors';
import { sendWithRetry } from '../../nodes/shared/http';
import type { CheckedImage } from '../../nodes/shared/input';
import type { ProviderId } from '../../nodes/shared/output';
import { describeIssues, excerpt, parseJsonBody } from '../../nodes/shared/replies';

export const PROVIDER = 'Synthetic';
// Not in providers.manifest.ts (a test-only entry), so not in the ProviderId union.
export const PROVIDER_ID = 'synthetic' as ProviderId;
export const CREDENTIAL_TYPE = 'syntheticApi';
export const DEFAULT_BASE_URL = 'https://api.synthetic.example';

const replySchema = z.object({ id: z.string(), image: z.string().min(1) });
const errorSchema = z.object({ code: z.string(), message: z.string() });

export async function removeBackground(
	ctx: IExecuteFunctions,
	image: CheckedImage,
	itemIndex: number,
) {
	const { baseUrl } = await readApiCredentials(
		ctx,
		CREDENTIAL_TYPE,
		'https://api.synthetic.example',
	);
	const bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, image.property);
	const response = await sendWithRetry(ctx, {
		provider: PROVIDER,
		credentialType: CREDENTIAL_TYPE,
		idempotent: false,
		itemIndex,
		request: () => ({
			method: 'POST',
			baseURL: baseUrl,
			url: '/v1/remove-background',
			body: { image: bytes.toString('base64') },
			json: true,
		}),
	});
	const body = parseJsonBody(response.body);
	const status = response.statusCode;
	if (status >= 400) {
		const error = errorSchema.safeParse(body);
		throw providerError(
			ctx.getNode(),
			PROVIDER,
			error.success ? error.data.code : status,
			error.success ? error.data.message : `HTTP ${status}`,
			{
				itemIndex,
				httpCode: status,
				description: `Synthetic API answered HTTP ${status}.${authHint(status, 'Synthetic API')}${
					error.success ? '' : ` Reply: ${excerpt(body, knownSecrets(ctx))}`
				}`,
			},
		);
	}
	const reply = replySchema.safeParse(body);
	if (!reply.success) {
		throw apiError(ctx.getNode(), `${PROVIDER} sent a reply that is not a valid API response`, {
			itemIndex,
			httpCode: status,
			description: `${describeIssues(reply.error)}. Reply: ${excerpt(body, knownSecrets(ctx))}`,
		});
	}
	return reply.data;
}
