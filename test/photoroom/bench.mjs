// Photoroom's scenario in the throughput benchmark (test/bench/lib/providers.mjs reads it through
// the manifest): our node's Remove Background parameters, and the same job built from HTTP Request nodes.
import { http, API_KEY } from '../bench/lib/workflows.mjs';

export const bench = {
	resultFiles: [],
	// the bench's limiter in front of the fake sets the limit (requests in flight); the fake's own
	// documented 500 images a minute would refuse the later runs of one bench minute
	fakeOptions: { rateLimit: false },
	requestsPerItem: 'segment: 1 request per item (the image comes back in the reply)',
	ours: (concurrency) => ({
		resource: 'image',
		operation: 'removeBackground',
		binaryPropertyName: 'data',
		options: { concurrency },
	}),
	/** One HTTP Request per item: POST the file to /v1/segment, the PNG comes back as a binary. */
	httpNodes: (base, batching) => [
		http('Segment (HTTP)', {
			method: 'POST',
			url: `${base}/v1/segment`,
			headers: { 'x-api-key': API_KEY },
			multipart: { image_file: { binary: 'data' } },
			file: true,
			batching,
		}),
	],
};
