// Workflow JSON for the benchmarks: our nodes, and the same jobs built from n8n's own nodes
// (HTTP Request 4.2, Extract From File, Wait, If) the way a user would build them.

/** The key every bench fake accepts (and every bench credential carries). */
export const API_KEY = 'bench-key';

let position = 0;
export function node(name, type, parameters = {}, extra = {}) {
	position += 220;
	return { id: `n${position}`, name, type, typeVersion: 1, position: [position, 0], parameters, ...extra };
}

/** A linear workflow: Manual → nodes[0] → nodes[1] → … (extra connections may be added). */
export function chain(name, nodes, extraConnections = {}) {
	const all = [node('Manual', 'n8n-nodes-base.manualTrigger'), ...nodes];
	const connections = {};
	for (let i = 0; i + 1 < all.length; i++) {
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	}
	for (const [from, outputs] of Object.entries(extraConnections)) connections[from] = outputs;
	return { name, nodes: all, connections, settings: { executionOrder: 'v1' } };
}

/** The same workflow started by a Webhook node (POST /webhook/<path>, answers when it is done). */
export function asWebhook(workflow, path) {
	const [, ...rest] = workflow.nodes;
	const hook = node(
		'Webhook',
		'n8n-nodes-base.webhook',
		{ httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'noData', options: {} },
		{ typeVersion: 2, webhookId: crypto.randomUUID() },
	);
	const connections = { ...workflow.connections, Webhook: workflow.connections.Manual };
	delete connections.Manual;
	return { ...workflow, name: `${workflow.name} (webhook)`, nodes: [hook, ...rest], connections };
}

export function readFiles(name, pattern) {
	return node('Read ' + name, 'n8n-nodes-base.readWriteFile', { operation: 'read', fileSelector: pattern, options: {} }, { typeVersion: 1.1 });
}

export function credentialRef(type, credential) {
	return { [type]: { id: credential.id, name: credential.name } };
}

/**
 * HTTP Request node 4.2. `batching`: { batchSize, batchInterval } or undefined (off: every item's
 * request is started at once). `file`: the reply is stored as a binary.
 */
export function http(name, { method = 'GET', url, query, headers, multipart, form, jsonBody, file, batching }) {
	const parameters = { method, url, options: {} };
	if (query) {
		parameters.sendQuery = true;
		parameters.queryParameters = { parameters: Object.entries(query).map(([n, value]) => ({ name: n, value: String(value) })) };
	}
	if (headers) {
		parameters.sendHeaders = true;
		parameters.headerParameters = { parameters: Object.entries(headers).map(([n, value]) => ({ name: n, value })) };
	}
	if (multipart) {
		parameters.sendBody = true;
		parameters.contentType = 'multipart-form-data';
		parameters.bodyParameters = {
			parameters: Object.entries(multipart).map(([n, value]) =>
				value && typeof value === 'object' && value.binary
					? { parameterType: 'formBinaryData', name: n, inputDataFieldName: value.binary }
					: { parameterType: 'formData', name: n, value: String(value) },
			),
		};
	}
	if (form) {
		parameters.sendBody = true;
		parameters.contentType = 'form-urlencoded';
		parameters.bodyParameters = { parameters: Object.entries(form).map(([n, value]) => ({ name: n, value })) };
	}
	if (jsonBody) {
		parameters.sendBody = true;
		parameters.contentType = 'json';
		parameters.specifyBody = 'json';
		parameters.jsonBody = jsonBody;
	}
	if (file) parameters.options.response = { response: { responseFormat: 'file' } };
	if (batching) parameters.options.batching = { batch: { batchSize: batching.batchSize, batchInterval: batching.batchInterval } };
	return node(name, 'n8n-nodes-base.httpRequest', parameters, { typeVersion: 4.2 });
}

export function toBase64(name) {
	return node(
		name,
		'n8n-nodes-base.extractFromFile',
		{ operation: 'binaryToPropery', binaryPropertyName: 'data', destinationKey: 'data', options: { keepSource: 'both' } },
		{ typeVersion: 1.1 },
	);
}

export function wait(name, seconds) {
	return node(name, 'n8n-nodes-base.wait', { resume: 'timeInterval', amount: seconds, unit: 'seconds' }, { typeVersion: 1.1, webhookId: crypto.randomUUID() });
}
