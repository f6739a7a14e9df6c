/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Runs our nodes through n8n's own execution engine (n8n-core's WorkflowExecute, its execution
 * contexts, its HTTP and binary helpers), the way n8n runs them, with filesystem binary mode.
 * What n8n's CLI package would provide (node type registry, credential store) is supplied here,
 * following n8n's own test harness (packages/core/nodes-testing) and CredentialsHelper.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

// InstanceSettings and the binary store read these when first resolved.
const userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-test-'));
process.env.N8N_USER_FOLDER = userFolder;
process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
process.env.N8N_AVAILABLE_BINARY_DATA_MODES = 'filesystem';
process.env.N8N_SSRF_PROTECTION_ENABLED = 'false';
process.env.N8N_LOG_LEVEL ??= 'silent';

import {
	BinaryDataConfig,
	BinaryDataService,
	ExecutionLifecycleHooks,
	WorkflowExecute,
} from 'n8n-core';
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { BINARY_ENCODING, ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

import { atFileEnd } from './file-end';

// Several copies of @n8n/di are installed; the engine's services live in n8n-core's own copy.
const { Container } = createRequire(require.resolve('n8n-core'))(
	'@n8n/di',
) as typeof import('@n8n/di');

let binaryReady: Promise<void> | undefined;

/** additionalData carries only what an execution started by the CLI would need here. */
export function partial<T extends object>(fields: Partial<T>): T {
	return fields as T;
}

/** Sets up n8n-core's filesystem binary store once per test file. */
export async function ensureBinaryStore() {
	binaryReady ??= (async () => {
		const config = Container.get(BinaryDataConfig);
		config.mode = 'filesystem';
		config.availableModes = ['filesystem'];
		config.localStoragePath = path.join(userFolder, 'binaryData');
		await Container.get(BinaryDataService).init();
	})();
	await binaryReady;
}

/** n8n's binary data service of the harness, initialised (filesystem mode). */
export async function binaryStore(): Promise<BinaryDataService> {
	await ensureBinaryStore();
	return Container.get(BinaryDataService);
}

/** n8n-core's binary store as it is (set up by a run or by binaryStore()). */
export function binaryDataService(): BinaryDataService {
	return Container.get(BinaryDataService);
}

atFileEnd(() => rmSync(userFolder, { recursive: true, force: true }));

/** Emits the items it is given; binaries are stored through n8n's binary helpers like any node's. */
class FixtureInput implements INodeType {
	description = {
		displayName: 'Fixture Input',
		name: 'fixtureInput',
		group: ['input'],
		version: 1,
		description: 'Test input',
		defaults: { name: 'Input' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	/** `execute` runs with n8n's context as `this`, so each run's items are bound here. */
	constructor(items: FixtureItem[]) {
		this.execute = async function (this: IExecuteFunctions) {
			return await emit(this, items);
		};
	}

	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;
}

async function emit(ctx: IExecuteFunctions, items: FixtureItem[]): Promise<INodeExecutionData[][]> {
	const out: INodeExecutionData[] = [];
	for (const fixture of items) {
		const item: INodeExecutionData = { json: fixture.json ?? {} };
		if (fixture.binary) {
			item.binary = {};
			for (const [key, file] of Object.entries(fixture.binary)) {
				item.binary[key] = await ctx.helpers.prepareBinaryData(
					file.data,
					file.fileName,
					file.mimeType,
				);
			}
		}
		out.push(item);
	}
	return [out];
}

export interface FixtureItem {
	json?: IDataObject;
	binary?: Record<string, { data: Buffer; fileName: string; mimeType: string }>;
}

export class TestNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}

	getByName(name: string) {
		return this.types[name];
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.types[name], version);
	}

	getKnownTypes() {
		return {};
	}
}

/**
 * The parts of n8n's CredentialsHelper that decide what a request carries: defaults applied to
 * the stored data, and `authenticate` (generic expressions or function) applied to each request.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	/** Credential loads (n8n decrypts from its database on each). */
	reads = 0;

	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const type = this.types[typeName];
		const authenticate = type?.authenticate;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type === 'generic') {
			const resolve = (value: string) =>
				workflow.expression.getSimpleParameterValue(
					node,
					value,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				) as string;
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				const target = ((requestOptions as unknown as Record<string, IDataObject>)[outerKey] ??=
					{});
				for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
					target[resolve(key)] = resolve(value);
				}
			}
		}
		return requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		this.reads++;
		const credentialType = this.types[type];
		const stored = this.data[type];
		if (!credentialType || !stored) throw new Error(`No test credentials of type ${type}`);
		const withDefaults = NodeHelpers.getNodeParameters(
			credentialType.properties,
			stored as INodeParameters,
			false,
			false,
			null,
			null,
		);
		return { ...stored, ...(withDefaults as ICredentialDataDecryptedObject) };
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used');
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type: string) {
		return this.types[type]?.properties ?? [];
	}
}

export interface RunNodeOptions {
	node: INodeType;
	parameters: IDataObject;
	credentials?: { type: ICredentialType; data: ICredentialDataDecryptedObject };
	items: FixtureItem[];
	continueOnFail?: boolean;
	/** n8n's "On Error" setting of the node under test (its error output with `continueErrorOutput`). */
	onError?: INode['onError'];
	abortSignal?: AbortSignal;
	/** The id n8n stores the credential under (executions with the same id share an account). */
	credentialId?: string;
	/** n8n's REST URL (the base of signed binary URLs); default http://localhost:5678/rest. */
	restApiUrl?: string;
}

export interface NodeRun {
	/** Items the node under test output (first output), empty when it failed. */
	items: INodeExecutionData[];
	/** Items n8n sent to the node's error output (On Error: Continue (using error output)). */
	errorItems: INodeExecutionData[];
	/** The node's error when the execution failed. */
	error?: Error & { description?: string; context?: IDataObject };
	run: IRun;
	/** How many times the run loaded its credential. */
	credentialReads: number;
}

/** Executes [Fixture Input] → [node under test] through n8n-core's WorkflowExecute. */
export async function runNode(options: RunNodeOptions): Promise<NodeRun> {
	await ensureBinaryStore();
	const typeName = options.node.description.name;
	const nodeTypes = new TestNodeTypes({
		fixtureInput: new FixtureInput(options.items),
		[typeName]: options.node,
	});
	const credentialName = options.node.description.credentials?.[0]?.name;
	const nodes: INode[] = [
		{
			id: 'input',
			name: 'Input',
			type: 'fixtureInput',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'under-test',
			name: 'Under Test',
			type: typeName,
			typeVersion: 1,
			position: [200, 0],
			parameters: options.parameters as INode['parameters'],
			continueOnFail: options.continueOnFail ?? false,
			...(options.onError ? { onError: options.onError } : {}),
			...(credentialName && options.credentials
				? {
						credentials: {
							[credentialName]: { id: options.credentialId ?? '1', name: 'Test credential' },
						},
					}
				: {}),
		},
	];
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes,
		connections: { Input: { main: [[{ node: 'Under Test', type: 'main', index: 0 }]] } },
		nodeTypes,
		active: false,
		settings: { binaryMode: 'separate' } as IDataObject,
	});

	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', partial({}));
	let resolveRun: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (resolveRun = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolveRun(fullRunData));

	const credentialsHelper = new TestCredentialsHelper(
		options.credentials ? { [options.credentials.type.name]: options.credentials.type } : {},
		options.credentials ? { [options.credentials.type.name]: options.credentials.data } : {},
	);
	const additionalData = partial<IWorkflowExecuteAdditionalData>({
		executionId: 'test-execution',
		hooks,
		credentialsHelper,
		currentNodeParameters: undefined,
		evalLlmMockHandler: undefined,
		otel: undefined,
		restApiUrl: options.restApiUrl ?? 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		variables: {},
	});

	const runExecutionData: IRunExecutionData = {
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [{ node: nodes[0], data: { main: [[{ json: {} }]] }, source: null }],
		},
	} as unknown as IRunExecutionData;
	const mode: WorkflowExecuteMode = 'manual';
	const execute = new WorkflowExecute(additionalData, mode, runExecutionData);
	const running = execute.processRunExecutionData(workflow);
	if (options.abortSignal) {
		options.abortSignal.addEventListener('abort', () => running.cancel(), { once: true });
	}
	await running;
	const run = await finished;
	const taskData = run.data.resultData.runData['Under Test']?.[0];
	return {
		items: taskData?.data?.main?.[0] ?? [],
		errorItems: options.onError === 'continueErrorOutput' ? (taskData?.data?.main?.[1] ?? []) : [],
		error: (taskData?.error ?? run.data.resultData.error) as NodeRun['error'],
		run,
		credentialReads: credentialsHelper.reads,
	};
}

/** The bytes of an output binary, read back through n8n's binary store. */
export async function binaryBytes(binary: IBinaryData | undefined): Promise<Buffer> {
	if (!binary) throw new Error('no binary data');
	if (binary.id) return await Container.get(BinaryDataService).getAsBuffer(binary);
	return Buffer.from(binary.data, BINARY_ENCODING);
}
