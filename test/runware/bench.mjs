// Runware's scenario in the throughput benchmark (test/bench/lib/providers.mjs reads it through
// the manifest): our node's Remove Background parameters, and the same job built from HTTP Request nodes.
import { http, toBase64, API_KEY } from '../bench/lib/workflows.mjs';

export const bench = {
	/** Paths of its result files: a CDN in real life, so not rate-limited. */
	resultFiles: ['/image/'],
	requestsPerItem: '1 request per 10 items, 1 download per item',
	ours: (concurrency) => ({
		resource: 'image',
		operation: 'removeBackground',
		inputType: 'binary',
		binaryPropertyName: 'data',
		model: 'runware:109@1',
		outputType: 'URL',
		outputFormat: 'PNG',
		includeCost: true,
		options: { concurrency },
	}),
	/** Extract From File (base64) → one task per request (UUID = the file's name) → download. */
	httpNodes: (base, batching) => [
		toBase64('Base64'),
		http('Remove BG (HTTP)', {
			method: 'POST',
			url: `${base}/v1`,
			headers: { Authorization: `Bearer ${API_KEY}` },
			jsonBody:
				"={{ JSON.stringify([{ taskType: 'removeBackground', taskUUID: $binary.data.fileName.split('.')[0], model: 'runware:109@1', inputs: { image: 'data:image/png;base64,' + $json.data }, outputType: 'URL', outputFormat: 'PNG', includeCost: true }]) }}",
			batching,
		}),
		http('Download (HTTP)', { url: '={{ $json.data[0].imageURL }}', file: true }),
	],
};
