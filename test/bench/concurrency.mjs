// Concurrency above what the provider accepts (issue 15): N images per provider, latency L, behind a
// limiter that accepts 5 requests in flight (more get 429 + Retry-After: 1). For Concurrency 5, 20
// and 50, the fixed limit (Adapt to Provider Limit off: today's behaviour) beside the adaptive one,
// in the same run, with Continue On Fail so failed items are counted instead of stopping the run.
// Also one run against a provider whose accepted count changes mid-run (5 → 2 → 5).
import { join } from 'node:path';

import { outputItems, nodeSpan, runError } from './lib/instance.mjs';
import { writeImages } from './lib/images.mjs';
import { startLimiter } from './lib/limiter.mjs';
import { API_KEY, isResultFile, oursWorkflow, PROVIDERS } from './lib/providers.mjs';

const SETTINGS = [5, 20, 50];
const ACCEPTED = 5;

function workflowFor(instance, key, { pattern, credential, concurrency, adaptive }) {
	const ours = oursWorkflow(instance, key, { pattern, credential, concurrency });
	const node = ours.workflow.nodes.find((n) => n.name === ours.measured[0]);
	node.parameters.options = { ...node.parameters.options, adaptiveConcurrency: adaptive };
	node.onError = 'continueRegularOutput';
	ours.workflow.name += adaptive ? ' adaptive' : ' fixed';
	return ours;
}

export async function measureConcurrency({ instance, options, log, loadavg }) {
	const { items, latencyMs, imageBytes } = options;
	const images = writeImages(join(instance.filesDir, 'images-concurrency'), items, instance.fake('media').makeNoisePng(imageBytes));
	const pattern = join(images.dir, '*.png');
	const limitMs = (items * latencyMs) / ACCEPTED;
	const providers = [];
	for (const key of options.providers) {
		const provider = PROVIDERS[key];
		const fake = await provider.start(instance.fake, latencyMs);
		let accepts = () => ACCEPTED;
		const limiter = await startLimiter({
			target: fake.baseUrl,
			limit: (served) => accepts(served),
			exempt: isResultFile,
			errorBody: { error: 'Too Many Requests' },
		});
		const runs = [];
		try {
			const [credential] = await instance.importCredentials([
				{ name: `${key} concurrency bench`, type: provider.credentialType, data: { apiKey: API_KEY, baseUrl: limiter.url } },
			]);
			const measure = async (label, concurrency, adaptive, changing) => {
				const built = workflowFor(instance, key, { pattern, credential, concurrency, adaptive });
				const id = await instance.importWorkflow(built.workflow);
				limiter.reset();
				// 5 → 2 → 5: the middle third of the API requests a normal run makes is served 2 at a time.
				const normal = runs.find((r) => r.label === 'fixed 5')?.apiRequests ?? items;
				const third = Math.ceil(normal / 3);
				accepts = changing ? (served) => (served >= third && served < 2 * third ? 2 : ACCEPTED) : () => ACCEPTED;
				const load = loadavg();
				const { run } = await instance.execute(id);
				const out = outputItems(run, built.measured[0]);
				const failed = out.filter((item) => item.json.error);
				const entry = {
					label,
					concurrency,
					adaptive,
					changing,
					ms: nodeSpan(run, built.measured).spanMs,
					items: out.length,
					failed: failed.length,
					firstError: failed[0]?.json.error,
					runError: runError(run),
					apiRequests: limiter.stats.total,
					refused: limiter.stats.rejected,
					maxInFlight: limiter.stats.maxInFlight,
					load1: load,
				};
				log(`  ${key} ${label}: ${entry.ms} ms, ${entry.items} items, ${entry.failed} failed, ${entry.apiRequests} API requests, ${entry.refused} refused, max ${entry.maxInFlight} in flight, load ${load.toFixed(2)}`);
				runs.push(entry);
			};
			log(`concurrency: ${provider.label}`);
			for (const concurrency of SETTINGS) {
				await measure(`fixed ${concurrency}`, concurrency, false, false);
				await measure(`adaptive ${concurrency}`, concurrency, true, false);
			}
			await measure('adaptive 20, limit 5 → 2 → 5', 20, true, true);
			await measure('fixed 20, limit 5 → 2 → 5', 20, false, true);
		} finally {
			await limiter.close();
			await fake.close();
		}
		providers.push({ key, label: provider.label, requestsPerItem: provider.requestsPerItem, runs });
	}
	return { items, latencyMs, accepted: ACCEPTED, limitMs, providers };
}

/** The results as Markdown: one table per provider, goals checked per run. */
export function concurrencySection(result) {
	const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
	const lines = [
		`${result.items} images per provider, provider latency ${result.latencyMs} ms, the provider accepts ${result.accepted} API requests in flight (more get 429 + Retry-After: 1). ` +
			`Limit = items × latency ÷ ${result.accepted} = ${s(result.limitMs)}. Goals: 0 failed items; time ≤ 1.2 × limit = ${s(1.2 * result.limitMs)}; refused ≤ 10 % of API requests. ` +
			'"fixed" is Adapt to Provider Limit off (the behaviour before it existed); Continue On Fail on, so failures are counted.',
		'',
	];
	for (const provider of result.providers) {
		lines.push(`### ${provider.label}`, '', '| Run | Time | Failed items | API requests | Refused | Max in flight | Goals |', '|---|---|---|---|---|---|---|');
		for (const r of provider.runs) {
			const goals = [
				r.failed === 0 && !r.runError ? '0 failed ✓' : `${r.failed} failed ✗`,
				r.changing ? 'time n/a (limit changes)' : r.ms <= 1.2 * result.limitMs ? 'time ✓' : 'time ✗',
				r.refused <= 0.1 * r.apiRequests ? 'refused ✓' : 'refused ✗',
			].join(', ');
			lines.push(`| ${r.label} | ${s(r.ms)} | ${r.failed}${r.firstError ? ` (${r.firstError})` : ''} | ${r.apiRequests} | ${r.refused} (${((100 * r.refused) / Math.max(1, r.apiRequests)).toFixed(0)} %) | ${r.maxInFlight} | ${goals} |`);
		}
		lines.push('');
	}
	return lines.join('\n');
}
