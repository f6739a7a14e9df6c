// The providers as the throughput benchmark uses them: the fake, credential and node of each
// providers.manifest.ts entry, and its scenario (`bench` in test/<provider>/bench.mjs: our node's
// Remove Background parameters, and the same job built from HTTP Request nodes).
import { PROVIDERS as MANIFEST, fakeName, providerRunFile } from '../../../scripts/providers.mjs';
import { API_KEY, chain, credentialRef, node, readFiles } from './workflows.mjs';

export { API_KEY };

const SCENARIOS = Object.fromEntries(
	await Promise.all(MANIFEST.map(async (p) => [p.id, (await providerRunFile(p, 'bench.mjs')).bench])),
);

/** Requests to the providers' result-file paths: a CDN in real life, so not rate-limited. */
const RESULT_PATHS = Object.values(SCENARIOS).flatMap((s) => s.resultFiles);
export const isResultFile = (req) => req.method === 'GET' && RESULT_PATHS.some((prefix) => req.url.startsWith(prefix));


/**
 * By provider id: label, fakeModule, start(fakes, latencyMs), credentialType and nodeName from the
 * manifest, the rest from its scenario.
 */
export const PROVIDERS = Object.fromEntries(
	MANIFEST.filter((p) => SCENARIOS[p.id]).map((p) => {
		const { fakeOptions, resultFiles: _resultFiles, ...scenario } = SCENARIOS[p.id];
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
