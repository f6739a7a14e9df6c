import type { ICredentialDataDecryptedObject, ICredentialType } from 'n8n-workflow';

import type { CredentialTestOutcome } from './n8n';
import { runCredentialTestRequest } from './n8n';

/** The value at a path ("a.b", "errors[0].code"), as lodash.get (which n8n uses here) reads it. */
const get = (json: unknown, key: string) =>
	key
		.split(/[.[\]]/)
		.filter(Boolean)
		.reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], json);

export type CredentialVerdict = { status: 'OK' } | { status: 'Error'; message: string };

/**
 * n8n's verdict on a Test request, ported line by line from CredentialsTester.testCredentials
 * (n8n 2.41, declarative branch):
 * - the request failed with a reply (`error.cause.response`): the first `responseCode` rule whose
 *   value is the status gives the message; else any status outside 2xx is an error with the
 *   status text (or "Received HTTP status code: N");
 * - it failed without a reply: the network code, else the error's message;
 * - it got a reply: the first `responseSuccessBody` rule whose `key` (lodash get on the first
 *   item's json, i.e. the reply body) equals `value` exactly fails the test; else OK.
 */
export function credentialVerdict(
	type: ICredentialType,
	outcome: CredentialTestOutcome,
): CredentialVerdict {
	const rules = type.test?.rules ?? [];
	const { error } = outcome;
	if (error) {
		const cause = (
			error as {
				cause?: { response?: { status: number; statusText?: string }; code?: string };
			}
		).cause;
		if (cause?.response) {
			const { status, statusText } = cause.response;
			for (const rule of rules) {
				if (rule.type === 'responseCode' && rule.properties.value === status)
					return { status: 'Error', message: rule.properties.message };
			}
			if (status < 199 || status > 299)
				return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
		} else if (cause?.code) {
			return { status: 'Error', message: cause.code };
		}
		return { status: 'Error', message: error.message };
	}
	for (const rule of rules) {
		if (rule.type !== 'responseSuccessBody') continue;
		if (get(outcome.items?.[0]?.json, rule.properties.key) === rule.properties.value)
			return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK' };
}

/**
 * The credential Test button: runs the Test request as n8n's CredentialsTester does (test/harness/n8n.ts,
 * runCredentialTestRequest) and returns n8n's verdict on it.
 */
export async function testCredential(
	type: ICredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialVerdict> {
	return credentialVerdict(type, await runCredentialTestRequest(type, data));
}
