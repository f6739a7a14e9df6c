// Ximilar's scenario in the throughput benchmark (test/bench/lib/providers.mjs reads it through
// the manifest): our node's Remove Background parameters, and the same job built from HTTP Request nodes.
import { http, toBase64, API_KEY } from '../bench/lib/workflows.mjs';

export const bench = {
	/** Paths of its result files: a CDN in real life, so not rate-limited. */
	resultFiles: ['/ximilar-tmp-images/'],
	requestsPerItem: '1 request per 10 items, 1 download per item',
	ours: (concurrency) => ({
		resource: 'image',
		operation: 'removeBackground',
		endpoint: 'precise',
		inputType: 'binary',
		binaryPropertyName: 'data',
		downloadResult: true,
		options: { concurrency },
	}),
	/** Extract From File (base64) → one record per request → download the result URL. */
	httpNodes: (base, batching) => [
		toBase64('Base64'),
		http('Remove BG (HTTP)', {
			method: 'POST',
			url: `${base}/removebg/precise/removebg`,
			headers: { Authorization: `Token ${API_KEY}` },
			jsonBody: "={{ JSON.stringify({ records: [{ _base64: 'data:image/png;base64,' + $json.data }] }) }}",
			batching,
		}),
		http('Download (HTTP)', { url: '={{ $json.records[0]._output_url }}', file: true }),
	],
};
