/**
 * n8n's credential Test for tests: the Test request run the way n8n's CredentialsTester runs it,
 * and n8n's verdict on what it gave (./n8n.ts runs the nodes).
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	INode,
	INodeExecutionData,
	INodeType,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { partial, TestCredentialsHelper, TestNodeTypes } from './n8n';

/** What a credential Test request gave: the items RoutingNode made of the reply, or what it threw. */
export type CredentialTestOutcome =
	| { items: INodeExecutionData[]; error?: undefined }
	| { items?: undefined; error: Error & { cause?: unknown } };

/**
 * Runs a credential's `test.request` the way n8n's CredentialsTester does (packages/cli,
 * credentials-tester.service.ts): a temporary declarative node whose one property routes the
 * request, an ExecuteContext in 'internal' mode, and n8n-core's RoutingNode given the decrypted
 * credential. The thrown error is returned as thrown (its `cause` is what n8n's verdict reads).
 */
export async function runCredentialTestRequest(
	type: ICredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestOutcome> {
	const nodeType: INodeType = {
		description: {
			displayName: 'Temp',
			name: 'credentialTestTemp',
			group: ['transform'],
			version: 1,
			description: 'A credential test request',
			defaults: { name: 'Temp-Node' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: type.test!.request },
					default: '',
				},
			],
		},
	} as unknown as INodeType;
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [type.name]: { id: '1', name: 'Test credential' } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new TestNodeTypes({ [nodeType.description.name]: nodeType }),
	});
	const credentialsHelper = new TestCredentialsHelper({ [type.name]: type }, { [type.name]: data });
	const decrypted = await credentialsHelper.getDecrypted(
		partial<IWorkflowExecuteAdditionalData>({}),
		{ id: '1', name: 'Test credential' },
		type.name,
	);
	const additionalData = partial<IWorkflowExecuteAdditionalData>({
		executionId: 'credential-test',
		credentialsHelper,
		currentNodeParameters: undefined,
		evalLlmMockHandler: undefined,
		otel: undefined,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		variables: {},
	});
	const runExecutionData = { resultData: { runData: {} } } as unknown as IRunExecutionData;
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		runExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(context, nodeType, {
		id: '1',
		name: 'Test credential',
		type: type.name,
		data: decrypted,
	});
	try {
		const response = await routingNode.runNode();
		return { items: response?.[0] ?? [] };
	} catch (error) {
		return { error: error as Error };
	}
}

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
