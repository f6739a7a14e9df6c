// BackgroundRemoverAI's scenario in the throughput benchmark (test/bench/lib/providers.mjs reads it through
// the manifest): our node's Remove Background parameters, and the same job built from HTTP Request nodes.
import { http, wait, API_KEY } from '../bench/lib/workflows.mjs';

export const bench = {
	/** Paths of its result files: a CDN in real life, so not rate-limited. */
	resultFiles: ['/media/'],
	// pollsUntilDone 0: the conversion is finished at the first status check (the work itself
	// takes no time; only the latency of each request counts).
	fakeOptions: { pollsUntilDone: 0 },
	requestsPerItem: 'convert + results per 10 items (after the 2 s poll interval), 1 download per item',
	ours: (concurrency) => ({
		resource: 'image',
		operation: 'removeBackground',
		binaryPropertyName: 'data',
		model: 'u2net',
		backgroundType: 'transparent',
		options: { concurrency },
	}),
	/** convert (one file per conversion) → Wait 2 s (our poll interval) → results → download. */
	httpNodes: (base, batching) => [
		http('Convert (HTTP)', {
			method: 'POST',
			url: `${base}/v1/convert/`,
			headers: { Authorization: API_KEY },
			multipart: { lang: 'en', convert_to: 'image-backgroundremover', model: 'u2net', files: { binary: 'data' } },
			batching,
		}),
		wait('Wait 2 s', 2),
		http('Results (HTTP)', {
			method: 'POST',
			url: `${base}/v1/results/`,
			headers: { Authorization: API_KEY },
			form: { uuid: '={{ $json.uuid }}' },
			batching,
		}),
		http('Download (HTTP)', { url: `=${base}{{ $json.files[0].url }}`, file: true }),
	],
};
