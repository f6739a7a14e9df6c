// Cutout.pro's scenario in the throughput benchmark (test/bench/lib/providers.mjs reads it through
// the manifest): our node's Remove Background parameters, and the same job built from HTTP Request nodes.
import { http, API_KEY } from '../bench/lib/workflows.mjs';

export const bench = {
	/** Paths of its result files: a CDN in real life, so not rate-limited. */
	resultFiles: ['/results/'],
	/** Requests on the critical path per item (the limit formula counts one). */
	requestsPerItem: 'matting: 1 request per item',
	ours: (concurrency) => ({
		resource: 'image',
		operation: 'removeBackground',
		inputType: 'binary',
		binaryPropertyName: 'data',
		mattingType: 'general',
		options: { concurrency },
	}),
	/** One HTTP Request per item: POST the file to matting, the PNG comes back as a binary. */
	httpNodes: (base, batching) => [
		http('Matting (HTTP)', {
			method: 'POST',
			url: `${base}/api/v1/matting`,
			query: { mattingType: 6 },
			headers: { APIKEY: API_KEY },
			multipart: { file: { binary: 'data' } },
			file: true,
			batching,
		}),
	],
};
