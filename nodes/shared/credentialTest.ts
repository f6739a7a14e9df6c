/**
 * What every credential's Test button shares. n8n runs `test.request` through its RoutingNode
 * (CredentialsTester): with n8n's defaults it follows redirects, re-adding Authorization on another
 * origin and keeping custom key headers (APIKEY, x-api-key) on every hop. So every Test request
 * turns redirects off, and a redirect fails the Test with its own message.
 *
 * n8n judges a Test with two kinds of rules, and only these: when the request failed with a reply,
 * the first `responseCode` rule equal to its status gives the message (any other non-2xx fails
 * with the status text); when it got a reply, a `responseSuccessBody` rule fails the Test when the
 * body's value at `key` (lodash get) equals `value` exactly. A programmatic test
 * (`methods.credentialTest`) is no way out: its context offers only the deprecated
 * `helpers.request`, which the community lint forbids, and the key would have to be set by hand.
 * So a Test requires the fields every real reply of its endpoint has: a rule per field that fails
 * when the field is missing (`value: undefined`), which a parked page, `{}` or another API fails.
 */
import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialTestRequest,
} from 'n8n-workflow';

/** Spread into every Test request: a redirect is answered, never followed. */
export const NO_REDIRECTS = {
	disableFollowRedirect: true,
	sendCredentialsOnCrossOriginRedirect: false,
} as const;

/** The statuses a redirect comes with (300 and 305 included: none of them is followed). */
export const REDIRECT_STATUSES = [300, 301, 302, 303, 305, 307, 308];

/** A field every real reply of the Test's endpoint has, and what its absence means. */
export interface RequiredField {
	key: string;
	/** Defaults to "<provider>'s reply has no <key>: …". */
	message?: string;
}

/** A status with a message of its own (e.g. 401 → the key was refused). */
export interface StatusRule {
	status: number;
	message: string;
}

/**
 * The rules of a Test: redirects first, then the caller's statuses, then a body rule per required
 * field and the refusals a body may carry (`value` compared exactly).
 */
export function credentialTestRules(
	provider: string,
	rules: {
		statuses?: StatusRule[];
		required: RequiredField[];
		refusals?: Array<{ key: string; value: unknown; message: string }>;
	},
): ICredentialTestRequest['rules'] {
	const codes: IAuthenticateRuleResponseCode[] = [
		...REDIRECT_STATUSES.map((status) => ({
			type: 'responseCode' as const,
			properties: {
				value: status,
				message: `${provider} answered with a redirect (HTTP ${status}), which was not followed: the API key is sent only to the Base URL. Check the Base URL of the credential.`,
			},
		})),
		...(rules.statuses ?? []).map(({ status, message }) => ({
			type: 'responseCode' as const,
			properties: { value: status, message },
		})),
	];
	const bodies: IAuthenticateRuleResponseSuccessBody[] = [
		...(rules.refusals ?? []).map(({ key, value, message }) => ({
			type: 'responseSuccessBody' as const,
			properties: { key, value, message },
		})),
		...rules.required.map(({ key, message }) => ({
			type: 'responseSuccessBody' as const,
			properties: {
				key,
				value: undefined,
				message:
					message ??
					`${provider}'s reply has no ${key}: the Base URL does not lead to ${provider}'s API, or the API did not answer as it does for a working key`,
			},
		})),
	];
	// n8n reads each rule by its `type` (both loops of CredentialsTester go over the same list), but
	// its type allows a list of one kind only: the two kinds are joined here, and only here.
	return [...codes, ...bodies] as unknown as ICredentialTestRequest['rules'];
}
