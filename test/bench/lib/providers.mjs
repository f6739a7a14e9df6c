// The providers as the throughput benchmark uses them: the fake, credential and node of each
// providers.manifest.ts entry with a scenario here (our node's Remove Background parameters, and the
// same job built from HTTP Request nodes).
import { PROVIDERS as MANIFEST, fakeName } from '../../../scripts/providers.mjs';
import { chain, credentialRef, http, node, readFiles, toBase64, wait } from './workflows.mjs';

export const API_KEY = 'bench-key';

/** Requests to these paths are result files: a CDN in real life, so not rate-limited. */
export const isResultFile = (req) => req.method === 'GET' && /^\/(media|results|ximilar-tmp-images|image)\//.test(req.url);

const SCENARIOS = {
	cutoutPro: {
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
	},
	backgroundRemoverAi: {
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
	},
	ximilar: {
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
	},
	runware: {
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
	},
	photoroom: {
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
	},
};

/**
 * By provider id: label, fakeModule, start(fakes, latencyMs), credentialType and nodeName from the
 * manifest, the rest from its scenario above.
 */
export const PROVIDERS = Object.fromEntries(
	MANIFEST.filter((p) => SCENARIOS[p.id]).map((p) => {
		const { fakeOptions, ...scenario } = SCENARIOS[p.id];
		return [
			p.id,
			{
				label: p.displayName,
				fakeModule: fakeName(p),
				start: (fakes, latencyMs) => fakes(fakeName(p))[p.fake.start]({ apiKey: API_KEY, latencyMs, ...fakeOptions }),
				credentialType: p.credential.type,
				nodeName: p.nodes[0].type,
				...scenario,
			},
		];
	}),
);

export function oursWorkflow(instance, provider, { pattern, credential, concurrency }) {
	const p = PROVIDERS[provider];
	const ours = node('Remove BG (ours)', instance.nodeType(p.nodeName), p.ours(concurrency), {
		credentials: credentialRef(p.credentialType, credential),
	});
	return { workflow: chain(`bench ${provider} ours`, [readFiles('Images', pattern), ours]), measured: [ours.name] };
}

export function httpWorkflow(provider, { pattern, base, batching }) {
	const nodes = PROVIDERS[provider].httpNodes(base, batching);
	const measured = nodes.map((n) => n.name);
	return { workflow: chain(`bench ${provider} http`, [readFiles('Images', pattern), ...nodes]), measured };
}
