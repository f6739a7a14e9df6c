/**
 * A trigger node's webhook() called through n8n-core's WebhookContext, as n8n's web server calls
 * it, and its webhook lifecycle run through HookContext as n8n runs it on publish (./n8n.ts runs
 * action nodes).
 */
import { HookContext, WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	IWebhookData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { ensureBinaryStore, partial, TestNodeTypes } from './n8n';

export interface WebhookCall {
	node: INodeType;
	parameters: IDataObject;
	/**
	 * The workflow's static data as n8n stores it: read (a copy) before the call, and written back
	 * only when the call changed it (n8n's saveStaticData after a webhook).
	 */
	staticData?: IDataObject;
	request: {
		headers: Record<string, string>;
		query: Record<string, string>;
		rawBody: Buffer;
		body: unknown;
	};
}

export interface WebhookOutcome {
	status: number;
	body: unknown;
	workflowData?: INodeExecutionData[][];
}

/**
 * Calls a trigger node's webhook() through n8n-core's WebhookContext with an express-like
 * request and response (n8n's web server parses the body and keeps rawBody the same way).
 */
export async function callWebhook(call: WebhookCall): Promise<WebhookOutcome> {
	await ensureBinaryStore();
	const typeName = call.node.description.name;
	const nodeTypes = new TestNodeTypes({ [typeName]: call.node });
	const node: INode = {
		id: 'trigger',
		name: 'Trigger',
		type: typeName,
		typeVersion: 1,
		position: [0, 0],
		parameters: call.parameters as INode['parameters'],
	};
	const workflow = new Workflow({
		id: 'wf',
		nodes: [node],
		connections: {},
		nodeTypes,
		active: true,
		staticData: call.staticData
			? (JSON.parse(JSON.stringify(call.staticData)) as IDataObject)
			: undefined,
	});
	let status = 200;
	let body: unknown;
	const response = {
		headersSent: false,
		status(code: number) {
			status = code;
			return response;
		},
		json(value: unknown) {
			body = value;
			response.headersSent = true;
			return response;
		},
		send(value: unknown) {
			body = value;
			response.headersSent = true;
			return response;
		},
		end() {
			response.headersSent = true;
			return response;
		},
	};
	const additionalData = partial<IWorkflowExecuteAdditionalData>({
		httpRequest: {
			...call.request,
			method: 'POST',
		} as unknown as IWorkflowExecuteAdditionalData['httpRequest'],
		httpResponse: response as unknown as IWorkflowExecuteAdditionalData['httpResponse'],
		evalLlmMockHandler: undefined,
		otel: undefined,
	});
	const webhookData = { webhookDescription: { name: 'default' } } as unknown as IWebhookData;
	const context = new WebhookContext(
		workflow,
		node,
		additionalData,
		'webhook',
		webhookData,
		[],
		null,
	);
	const result = await call.node.webhook!.call(context);
	if (call.staticData && workflow.staticData.__dataChanged === true) {
		for (const key of Object.keys(call.staticData)) delete call.staticData[key];
		Object.assign(call.staticData, JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject);
	}
	return { status, body, workflowData: result.workflowData };
}

/**
 * Runs a trigger's webhook lifecycle as n8n does when a workflow is published ("activate") or the
 * editor listens ("manual"): checkExists, then create when it says the webhook does not exist, each
 * through n8n-core's HookContext. Returns the methods called; throws what the node throws.
 */
export async function activateWebhook(
	node: INodeType,
	parameters: IDataObject,
	activation: 'activate' | 'manual' = 'activate',
): Promise<string[]> {
	const typeName = node.description.name;
	const nodeTypes = new TestNodeTypes({ [typeName]: node });
	const trigger: INode = {
		id: 'trigger',
		name: 'Trigger',
		type: typeName,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
	};
	const workflow = new Workflow({
		id: 'wf',
		nodes: [trigger],
		connections: {},
		nodeTypes,
		active: false,
	});
	const webhookData = { webhookDescription: { name: 'default' } } as unknown as IWebhookData;
	const context = new HookContext(
		workflow,
		trigger,
		partial<IWorkflowExecuteAdditionalData>({}),
		activation === 'activate' ? 'trigger' : 'manual',
		activation === 'activate' ? 'activate' : 'manual',
		webhookData,
	);
	const methods = node.webhookMethods?.default;
	if (!methods) throw new Error(`${typeName} has no webhook methods`);
	const called = ['checkExists'];
	if (!(await methods.checkExists.call(context))) {
		called.push('create');
		await methods.create.call(context);
	}
	return called;
}
