// RESULTS.md and chart.png from the raw results of a bench run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MB = 2 ** 20;
const s = (ms) => (ms === undefined || ms === null || !Number.isFinite(ms) ? '—' : `${(ms / 1000).toFixed(2)} s`);
const x = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '—');
const mb = (bytes) => (bytes === undefined || !Number.isFinite(bytes) ? '—' : `${(bytes / MB).toFixed(1)} MB`);
const ok = (pass) => (pass ? '✅' : '❌');
const size = (bytes) => (bytes >= 1e9 ? `${(bytes / 2 ** 30).toFixed(0)} GB` : bytes >= 1e6 ? `${Math.round(bytes / 1e6)} MB` : `${Math.round(bytes / 1e3)} KB`);

function httpRunText(config) {
	if (!config.runs.length) return '—';
	return config.runs.map((r) => (r.ok ? s(r.ms) : r.rejected ? `429 ×${r.rejected}` : `error`)).join(', ');
}

export function throughputSection(t) {
	const lines = [];
	const target = 1.15 * t.limitMs;
	lines.push(
		`${t.items} images of ${size(t.imageBytes)} through Image → Remove Background, provider latency ${t.latencyMs} ms, ` +
			`Concurrency ${t.concurrency}; the fake is behind a limiter that allows ${t.concurrency} API requests in flight ` +
			`(more get HTTP 429 + Retry-After). Limit = items × latency ÷ concurrency = ${s(t.limitMs)}; goal ≤ 1.15 × limit = ${s(target)}. ` +
			`Times are node execution times inside n8n (run data: first measured node's startTime → last one's end), median of ${t.repeats} runs for ours and for the fastest HTTP configuration.`,
		'',
		'| Provider | Ours | ÷ limit | HTTP Request, docs pattern (5 per batch, 1000 ms) | ours faster by | HTTP Request, fastest working config | ours vs fastest |',
		'| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
	);
	for (const p of t.providers) {
		const docs = p.docs.medianMs;
		const fast = p.fastest?.medianMs;
		const oursMs = p.ours.medianMs;
		lines.push(
			`| ${p.label} | ${s(oursMs)} ${ok(oursMs <= target)} | ${(oursMs / p.limitMs).toFixed(2)} | ${s(docs)} | ${x(docs, oursMs)} ${ok(docs / oursMs >= 3)} | ${
				p.fastest ? `${s(fast)} (${p.fastest.name})` : 'none succeeded'
			} | ${fast ? `${x(fast, oursMs)} ${ok(oursMs <= fast)}` : '—'} |`,
		);
	}
	lines.push(
		'',
		'Every HTTP Request configuration tried (API nodes batched alike; `AxB` = A items per batch, B ms interval; result downloads unbatched), each run: its time, or `429 ×n` when the limiter refused n requests (the run then fails). The fastest configuration that never failed is repeated; one that fails a repeat is dropped for the next:',
		'',
		`| Provider | ${t.providers[0].grid.map((g) => `\`${g.name}\``).join(' | ')} |`,
		`| --- | ${t.providers[0].grid.map(() => '---:').join(' | ')} |`,
	);
	for (const p of t.providers) lines.push(`| ${p.label} | ${p.grid.map(httpRunText).join(' | ')} |`);
	lines.push(
		'',
		'Ours, every run (API requests, 429s, most requests in flight, time from the node\'s start to its first request, 1-min load average when it started):',
		'',
		'| Provider | runs | API requests | 429 | max in flight | first request after | load |',
		'| --- | --- | ---: | ---: | ---: | --- | --- |',
	);
	for (const p of t.providers) {
		const r = p.ours.runs;
		lines.push(
			`| ${p.label} | ${r.map((run) => (run.ok ? s(run.ms) : `failed: ${run.error}`)).join(', ')} | ${r[0]?.apiRequests ?? '—'} | ${Math.max(...r.map((run) => run.rejected))} | ${Math.max(
				...r.map((run) => run.maxInFlight),
			)} | ${r.map((run) => (run.firstRequestMs === undefined ? '—' : `${run.firstRequestMs} ms`)).join(', ')} | ${r.map((run) => run.load1.toFixed(2)).join(', ')} |`,
		);
	}
	return lines.join('\n');
}

/** `k of n ✅/❌`: runs of a memory case under the 64 MB goal (a failed run counts as over). */
function underGoal(runs) {
	const under = runs.filter((run) => !run.error && run.growth < 64 * MB).length;
	return `${under} of ${runs.length} ${ok(under === runs.length)}`;
}

export function memorySection(m) {
	const lines = [];
	if (m.server?.length) {
		lines.push(
			`One ${size(m.sizeBytes)} file, filesystem binary mode, in a long-running \`n8n start\` (how n8n runs in production): a fresh server per case, the workflow triggered ${m.serverRuns} times in a row by a Webhook node. /proc/<pid>/status VmRSS of the n8n process sampled every ${m.sampleMs} ms; growth = peak VmRSS while the measured node runs − VmRSS just before it started. Every run counts for the goal, the first one included (it pays what a fresh process pays once: compare the 1 MB row).`,
			'',
			'| Case | Worst run | First run | Later runs (worst) | Every run | Runs < 64 MB |',
			'| --- | ---: | ---: | ---: | --- | :---: |',
		);
		for (const r of m.server)
			lines.push(
				`| ${r.label} | ${mb(r.worst)} | ${mb(r.first)} | ${mb(r.steady)} | ${r.runs.map((run) => (run.error ? `error: ${run.error}` : mb(run.growth))).join(', ')} | ${
					r.ours ? underGoal(r.runs) : ''
				} |`,
			);
		lines.push('');
	}
	lines.push(
		`The same cases in a fresh \`n8n execute\` process per run (the CLI), sampled the same way; worst of the runs shown. The reference rows move the same bytes with plain Node streams in a fresh process: every byte passes through a new socket or file buffer that becomes garbage at once, and V8 collects it only after about 64 MB of such buffers (its external-memory threshold) plus what arrives while it marks the heap; so the growth is the same for a 256 MB file as for 1 GB (compare the ¼-size row), and it is not data held:`,
		'',
		'| Case | Growth of peak RSS | RSS before → peak | Bytes moved | Time | Runs (growth) | Runs < 64 MB |',
		'| --- | ---: | ---: | ---: | ---: | --- | :---: |',
	);
	for (const r of m.results) {
		lines.push(
			`| ${r.label} | ${mb(r.growth)} | ${mb(r.baselineRss)} → ${mb(r.peakRss)} | ${r.transferred ? size(r.transferred) : '—'} | ${s(r.spanMs)} | ${r.runs
				.map((run) => (run.error ? `error: ${run.error}` : mb(run.growth)))
				.join(', ')} | ${r.ours ? underGoal(r.runs) : ''} |`,
		);
	}
	return lines.join('\n');
}

export function waitingSection(w) {
	const lines = [
		`One task that takes ${w.taskSeconds} s at the provider (the fake marks it done ${w.taskSeconds} s after creating it); status requests counted in the fake's request log. ` +
			`A strict fixed 1 s loop would make ${w.strictLoop}.`,
		'',
		'| Node / workflow | Schedule | Status requests (measured) | Schedule arithmetic | Done noticed after | Goal ≤ 12 |',
		'| --- | --- | ---: | ---: | ---: | :---: |',
	];
	for (const r of w.results) {
		const ours = r.key !== 'naiveLoop';
		lines.push(
			`| ${r.label} | ${r.schedule} | ${r.error ? `error: ${r.error}` : r.requests} | ${r.expected} | ${r.noticedAfterMs === undefined ? '—' : s(r.noticedAfterMs)} | ${
				ours ? ok(r.requests <= 12) : ''
			} |`,
		);
	}
	lines.push(`| Strict fixed 1 s loop (arithmetic) | every 1 s | — | ${w.strictLoop} | ≤ 1 s | |`);
	return lines.join('\n');
}

export function overheadSection(o) {
	const json = o.results.filter((r) => r.kind === 'json');
	const binary = o.results.filter((r) => r.kind === 'binary');
	const lines = [
		'| JSON result | Items | Ours CPU / item | Minimal node CPU / item | Our overhead / item (range over repeats) | Goal < 2 ms |',
		'| --- | ---: | ---: | ---: | ---: | :---: |',
	];
	for (const r of json)
		lines.push(
			`| ${r.label} | ${r.items} | ${r.oursPerItemMs.toFixed(3)} ms | ${r.minimalPerItemMs.toFixed(3)} ms | ${r.overheadPerItemMs.toFixed(3)} ms (${r.overheadRangeMs
				.map((v) => v.toFixed(2))
				.join(' … ')}) | ${ok(r.overheadPerItemMs < 2)} |`,
		);
	lines.push(
		'',
		'| Binary | Size | Items | Ours CPU / item | Minimal node CPU / item | Our overhead / item |',
		'| --- | ---: | ---: | ---: | ---: | ---: |',
	);
	for (const r of binary)
		lines.push(
			`| ${r.label} | ${size(r.bytes)} | ${r.items} | ${r.oursPerItemMs.toFixed(2)} ms | ${r.minimalPerItemMs.toFixed(2)} ms | ${r.overheadPerItemMs.toFixed(2)} ms |`,
		);
	const fits = linearFits(binary);
	if (fits.length) {
		lines.push(
			'',
			'Least-squares line through the sizes, CPU per item = fixed + per MB × size (R² of the fit):',
			'',
			'| Binary | Ours: fixed + per MB (R²) | Minimal node: fixed + per MB (R²) |',
			'| --- | ---: | ---: |',
		);
		const f = (fit) => `${fit.a.toFixed(2)} ms + ${fit.b.toFixed(2)} ms/MB (${fit.r2.toFixed(3)})`;
		for (const fit of fits) lines.push(`| ${fit.label} | ${f(fit.ours)} | ${f(fit.minimal)} |`);
	}
	return lines.join('\n');
}

function fit(points) {
	const n = points.length;
	const mx = points.reduce((t, [px]) => t + px, 0) / n;
	const my = points.reduce((t, [, py]) => t + py, 0) / n;
	const sxx = points.reduce((t, [px]) => t + (px - mx) ** 2, 0);
	const sxy = points.reduce((t, [px, py]) => t + (px - mx) * (py - my), 0);
	const b = sxx ? sxy / sxx : 0;
	const a = my - b * mx;
	const ssTot = points.reduce((t, [, py]) => t + (py - my) ** 2, 0);
	const ssRes = points.reduce((t, [px, py]) => t + (py - (a + b * px)) ** 2, 0);
	return { a, b, r2: ssTot ? 1 - ssRes / ssTot : 1 };
}

/** Per scenario (key without the size), a line through (MB, CPU ms per item). */
export function linearFits(binary) {
	const groups = new Map();
	for (const r of binary) {
		const key = r.key.replace(/-\d+$/, '');
		if (!groups.has(key)) groups.set(key, []);
		groups.get(key).push(r);
	}
	return [...groups.values()]
		.filter((rows) => rows.length >= 2)
		.map((rows) => ({
			label: rows[0].label,
			ours: fit(rows.map((r) => [r.bytes / 1e6, r.oursPerItemMs])),
			minimal: fit(rows.map((r) => [r.bytes / 1e6, r.minimalPerItemMs])),
		}));
}

// ------------------------------------------------------------------ chart

function bars(title, unit, groups, { goal, goalLabel, width = 560, log = false } = {}) {
	// groups: [{ label, bars: [{ name, value, color }] }]
	const rowH = 18;
	const gap = 10;
	const left = 190;
	const right = 70;
	const values = groups.flatMap((g) => g.bars.map((b) => b.value)).filter((v) => Number.isFinite(v));
	const max = Math.max(...values, goal ?? 0) * 1.05 || 1;
	const scale = (v) => (log ? (Math.log10(1 + v) / Math.log10(1 + max)) * (width - left - right) : (v / max) * (width - left - right));
	let y = 34;
	const parts = [`<text x="8" y="18" font-size="14" font-weight="bold">${title}</text>`];
	for (const g of groups) {
		// the group's name on a line of its own, above its bars (it overlapped the bar names)
		parts.push(`<text x="8" y="${y + 12}" font-size="12" font-weight="bold">${g.label}</text>`);
		y += 16;
		for (const b of g.bars) {
			const w = Number.isFinite(b.value) ? Math.max(1, scale(b.value)) : 0;
			parts.push(`<text x="${left - 6}" y="${y + 13}" font-size="11" text-anchor="end">${b.name}</text>`);
			parts.push(`<rect x="${left}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowH - 4}" fill="${b.color}"/>`);
			parts.push(
				`<text x="${left + w + 4}" y="${y + 13}" font-size="11">${Number.isFinite(b.value) ? `${b.value.toFixed(b.value < 10 ? 2 : 0)} ${unit}` : b.text ?? 'failed'}</text>`,
			);
			y += rowH;
		}
		y += gap;
	}
	if (goal !== undefined) {
		const gx = left + scale(goal);
		parts.push(`<line x1="${gx}" y1="28" x2="${gx}" y2="${y - gap}" stroke="#d00" stroke-dasharray="4 3"/>`);
		parts.push(`<text x="${gx + 3}" y="30" font-size="10" fill="#d00">${goalLabel}</text>`);
	}
	return { svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 4}">${parts.join('')}</svg>`, height: y + 4 };
}

const OURS = '#2a9d8f';
const HTTP = '#e76f51';
const HTTP_FAST = '#f4a261';
const GREY = '#8d99ae';
const OURS_LIGHT = '#8ad1c8';

export function chartHtml(raw) {
	const panels = [];
	if (raw.throughput) {
		const t = raw.throughput;
		panels.push(
			bars(
				`Throughput: ${t.items} images, ${t.latencyMs} ms, ${t.concurrency} in flight (s, lower is better)`,
				's',
				t.providers.map((p) => ({
					label: p.label,
					bars: [
						{ name: 'ours', value: p.ours.medianMs / 1000, color: OURS },
						{ name: 'HTTP fastest', value: (p.fastest?.medianMs ?? NaN) / 1000, color: HTTP_FAST },
						{ name: 'HTTP docs 5/1000ms', value: (p.docs.medianMs ?? NaN) / 1000, color: HTTP },
					],
				})),
				{ goal: (1.15 * t.limitMs) / 1000, goalLabel: '1.15 × limit' },
			),
		);
	}
	if (raw.memory) {
		const names = {
			cutoutVideo: 'Cutout.pro video (ours)',
			cutoutQuarter: 'Cutout.pro video, ¼ size (ours)',
			cutoutTiny: 'Cutout.pro video, 1 MB (ours)',
			httpDownload: 'HTTP Request download',
			httpUpload: 'HTTP Request upload',
			nodeFloor: 'plain Node download',
			nodeFloorBoth: 'plain Node upload + download',
		};
		const server = new Map((raw.memory.server ?? []).map((r) => [r.key, r]));
		panels.push(
			bars(
				`Memory: peak RSS growth, ${size(raw.memory.sizeBytes)} (MB, log scale, lower is better)`,
				'MB',
				raw.memory.results.map((r) => ({
					// a provider's own case: its label up to the colon ("<Provider> video: 1 GB upload ...")
					label: names[r.key] ?? (r.ours ? `${r.label.split(':')[0]} (ours)` : r.key),
					bars: [
						{ name: r.key.startsWith('nodeFloor') ? 'fresh process' : 'n8n execute', value: r.growth / MB, color: r.ours ? OURS : r.key.startsWith('nodeFloor') ? GREY : HTTP },
						...(server.get(r.key)?.worst !== undefined
							? [{ name: 'n8n start, worst run', value: server.get(r.key).worst / MB, color: r.ours ? OURS_LIGHT : HTTP_FAST }]
							: []),
					],
				})),
				{ goal: 64, goalLabel: '64 MB', log: true },
			),
		);
	}
	if (raw.waiting) {
		panels.push(
			bars(
				`Waiting: status requests, one ${raw.waiting.taskSeconds} s task (lower is better)`,
				'',
				[
					{
						label: 'requests',
						bars: [
							...raw.waiting.results.map((r) => ({
								name: { cutoutVideo: 'Cutout.pro video (ours)', braiVideo: 'BRAI video (ours)', braiImage: 'BRAI image (ours)', naiveLoop: 'n8n Wait 1 s loop' }[r.key] ?? r.key,
								value: r.requests,
								color: r.key === 'naiveLoop' ? HTTP : OURS,
							})),
							{ name: 'strict 1 s loop', value: raw.waiting.strictLoop, color: GREY },
						],
					},
				],
				{ goal: 12, goalLabel: '12' },
			),
		);
	}
	if (raw.overhead) {
		panels.push(
			bars(
				'CPU per item (ms, log scale, lower is better)',
				'ms',
				[
					{
						label: 'JSON results: our overhead beyond the HTTP calls',
						bars: raw.overhead.results.filter((r) => r.kind === 'json').map((r) => ({ name: r.key.replace(/-json$/, ''), value: Math.max(0, r.overheadPerItemMs), color: OURS })),
					},
					{
						label: 'binary: ours, total (grows with size)',
						bars: raw.overhead.results.filter((r) => r.kind === 'binary').map((r) => ({ name: `${r.key.replace(/-\d+$/, '')} ${size(r.bytes)}`, value: r.oursPerItemMs, color: GREY })),
					},
				],
				{ goal: 2, goalLabel: '2 ms (JSON goal)', log: true },
			),
		);
	}
	let height = 40;
	for (let i = 0; i < panels.length; i += 2) height += Math.max(panels[i].height, panels[i + 1]?.height ?? 0) + 14;
	const html = `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;padding:12px;font-family:DejaVu Sans,Arial,sans-serif;background:#fff;width:1176px}
	.grid{display:flex;flex-wrap:wrap;gap:12px}.grid svg{border:1px solid #ddd;background:#fcfcfc}</style></head><body>
	<div style="font-size:12px;color:#444;margin-bottom:6px">n8n-nodes-background-removal benchmarks — ${raw.meta.date} — ${raw.meta.cpu}, ${raw.meta.cores} cores — n8n ${raw.meta.n8n}, Node ${raw.meta.n8nNode}
	— <span style="color:${OURS}">■ ours</span> <span style="color:${HTTP}">■ n8n HTTP Request / Wait loop</span> <span style="color:${HTTP_FAST}">■ HTTP Request, fastest config</span> <span style="color:${GREY}">■ reference</span></div>
	<div class="grid">${panels.map((p) => p.svg).join('')}</div></body></html>`;
	return { html, height };
}

/** Renders the chart with Debian's chromium (headless) into `png`; returns an error text or undefined. */
export function renderChart(raw, png, work) {
	const { html, height } = chartHtml(raw);
	mkdirSync(work, { recursive: true });
	const file = join(work, 'chart.html');
	writeFileSync(file, html);
	const browser = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((b) => existsSync(b));
	if (!browser) return 'chromium not found (apt-get install chromium)';
	rmSync(png, { force: true });
	const r = spawnSync(
		browser,
		[
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--hide-scrollbars',
			'--force-device-scale-factor=1',
			`--screenshot=${png}`,
			`--window-size=1200,${height + 20}`,
			`file://${file}`,
		],
		{ encoding: 'utf8', timeout: 120_000 },
	);
	if (!existsSync(png)) return `chromium failed: ${r.stderr?.slice(-500)}`;
	return undefined;
}
