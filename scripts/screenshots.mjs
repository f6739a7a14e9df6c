#!/usr/bin/env node
// npm run screenshots: PNG screenshots (1440×900) of this package inside a real n8n 2.41.1 editor,
// for the README, written to examples/screenshots/.
//
//   npm run screenshots [-- --no-build] [-- --out=DIR] [-- --keep] [-- --port=N] [-- --only=name]
//
// What it does, in order:
//   1. Debian `chromium` at /usr/bin/chromium; installs it with `apt-get install -y chromium`
//      when missing (needs root; says so).
//   2. the n8n harness (scripts/harness-install.sh; installed once).
//   3. npm run build + npm pack + install the tarball into a fresh user folder in os.tmpdir()
//      the way n8n installs community packages (packAndInstall in scripts/n8n-env.mjs).
//   4. the "(sandbox)" credentials the examples name (placeholder keys; for a shot that runs an
//      example, `execute`, the local stand-ins of `npm run dev` are started and the credentials
//      point at them, and n8n may write the examples' files), then
//      examples/*.json plus one screenshot-only workflow (a Cutout.pro image node, which the
//      examples lack) with `n8n import:workflow --separate`.
//   5. `n8n start` on a free port; the owner account via `POST /rest/owner/setup` (n8n 2.x has
//      no usable UI without an owner).
//   6. Chromium driven by playwright-core: sign in through the form, open each shot, wait for
//      the node icons, close popups, screenshot.
//   7. stops n8n and removes the user folder (--keep keeps it).
//
// The browser runs headless with the flags this machine kind needs offline (no background
// networking, no component updates, no sync) and a new empty user-data dir.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

import {
	REPO_DIR,
	ensureHarness,
	freePort,
	importCredentials,
	importWorkflowsFromDir,
	makeUserFolder,
	packAndInstall,
	setUpOwner,
	startN8n,
} from './n8n-env.mjs';
import {
	SANDBOX_CREDENTIALS,
	exampleFilesEnv,
	importSandboxCredentials,
	startSandbox,
} from './sandbox.mjs';

const args = process.argv.slice(2);
const arg = (name) =>
	args
		.find((a) => a.startsWith(`--${name}=`))
		?.split('=')
		.slice(1)
		.join('=');
if (args.includes('--help')) {
	console.log(
		'npm run screenshots -- [--no-build] [--out=DIR] [--keep] [--port=N] [--only=<shot name>]',
	);
	process.exit(0);
}
const build = !args.includes('--no-build');
const keep = args.includes('--keep');
const only = arg('only');
const outDir = resolve(arg('out') ?? join(REPO_DIR, 'examples/screenshots'));
const examplesDir = join(REPO_DIR, 'examples');
const CHROMIUM = '/usr/bin/chromium';
const VIEWPORT = { width: 1440, height: 900 };
const OWNER = {
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Screenshots1', // n8n: 8+ characters, a digit, an upper-case letter
};

const t0 = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const say = (m) => console.log(`[screenshots ${secs(Date.now() - t0).padStart(7)}] ${m}`);
async function step(name, fn) {
	const started = Date.now();
	say(`${name} ...`);
	const r = await fn();
	say(`${name}: done in ${secs(Date.now() - started)}`);
	return r;
}

// ---------------------------------------------------------------------------------------------
// 1. Chromium

function ensureChromium() {
	if (existsSync(CHROMIUM)) return;
	say(`${CHROMIUM} is missing: installing Debian's chromium with "apt-get install -y chromium"`);
	const apt = (a) =>
		spawnSync('apt-get', a, {
			stdio: 'inherit',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
	let r = apt(['install', '-y', 'chromium']);
	if (r.status !== 0) {
		say('apt-get install failed; running "apt-get update" and trying again');
		apt(['update']);
		r = apt(['install', '-y', 'chromium']);
	}
	if (r.status !== 0 || !existsSync(CHROMIUM)) {
		throw new Error(
			`could not install chromium (apt-get exit ${r.status}); as root: apt-get install -y chromium`,
		);
	}
}

// ---------------------------------------------------------------------------------------------
// 4. examples and their credentials

/** examples/*.json as [{ file, workflow }] with the same stable ids `npm run dev` gives them. */
function readExamples() {
	const list = [];
	for (const file of readdirSync(examplesDir)
		.filter((f) => f.endsWith('.json'))
		.sort()) {
		const parsed = JSON.parse(readFileSync(join(examplesDir, file), 'utf8'));
		(Array.isArray(parsed) ? parsed : [parsed]).forEach((wf, i) => {
			if (!wf || !Array.isArray(wf.nodes)) return;
			wf.id ??= createHash('sha256').update(`${file}#${i}`).digest('hex').slice(0, 16);
			wf.name ??= file.replace(/\.json$/, '');
			list.push({ file, workflow: wf });
		});
	}
	return list;
}

/**
 * The "(sandbox)" credentials `npm run dev` creates (the examples name them; n8n resolves them by
 * name on import), with a placeholder key; replaced by the stand-ins' ones when a shot runs an example.
 */
function exampleCredentials() {
	return SANDBOX_CREDENTIALS.map((c) => ({ ...c, data: { apiKey: 'placeholder-for-screenshots' } }));
}

// ---------------------------------------------------------------------------------------------
// the shots

/**
 * The examples have no Cutout.pro image node, the provider's main operation: this small
 * workflow (imported beside them, never written to examples/) shows one.
 */
const SCREENSHOT_WORKFLOW_FILE = '(screenshots) cutout-pro-image.json';
function screenshotWorkflows(packageName) {
	return [
		{
			file: SCREENSHOT_WORKFLOW_FILE,
			workflow: {
				id: 'bgrShotCutoutImage1',
				name: 'Background removal: product photos with Cutout.pro',
				settings: {},
				nodes: [
					{
						id: 's1',
						name: 'Start',
						type: 'n8n-nodes-base.manualTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
					{
						id: 's2',
						name: 'Remove background',
						type: `${packageName}.cutoutPro`,
						typeVersion: 1,
						position: [220, 0],
						parameters: {
							resource: 'image',
							operation: 'removeBackground',
							inputType: 'url',
							imageUrl: '={{ $json.imageUrl }}',
							mattingType: 'object',
							imageOptions: { crop: true },
						},
						credentials: { cutoutProApi: { id: null, name: 'Cutout.pro (sandbox)' } },
					},
				],
				connections: { Start: { main: [[{ node: 'Remove background', type: 'main', index: 0 }]] } },
			},
		},
	];
}

/**
 * Each shot names an example file and, for a node panel, the node type (the first node of that
 * type is opened), so renaming nodes in the examples does not break it.
 */
const SHOTS = [
	{
		name: 'ecommerce-catalog-canvas',
		what: 'canvas of the e-commerce catalog example (Ximilar node between the product list and two file writers)',
		example: 'ecommerce-catalog.json',
	},
	{
		name: 'video-submit-canvas',
		what: 'canvas of the video-submit example (Cutout.pro node, video Remove Background)',
		example: 'video-submit.json',
	},
	{
		name: 'cutout-pro-video-node',
		what: 'Cutout.pro node panel: credential, Resource, Operation and the video fields',
		example: 'video-submit.json',
		openNode: 'cutoutPro',
	},
	{
		name: 'cutout-pro-image-node',
		what: 'Cutout.pro node panel, image Remove Background: input by URL, matting type, options',
		example: SCREENSHOT_WORKFLOW_FILE,
		openNode: 'cutoutPro',
	},
	{
		name: 'ximilar-node',
		what: 'Ximilar node panel: credential, Resource, Operation, Endpoint, Input, options',
		example: 'ecommerce-catalog.json',
		openNode: 'ximilar',
	},
	{
		name: 'photoroom-amazon-result',
		what: 'the Amazon example run against the local stand-ins: a Photoroom result in the binary view',
		example: 'marketplace-amazon-photoroom.json',
		execute: true,
		openNode: 'photoroom',
		viewBinary: true,
	},
	{
		name: 'nodes-panel-cutout-pro',
		what: 'nodes panel after searching "Cutout": the installed package with its actions',
		example: 'video-submit.json',
		nodeCreatorSearch: 'Cutout',
	},
];

/** Closes whatever popup, toast or banner is in front (n8n shows different ones per version). */
async function dismissPopups(page) {
	const closers = [
		'.el-notification .el-notification__closeBtn',
		'.el-message-box__headerbtn',
		'.el-dialog__headerbtn',
		'[data-test-id="banner-stack"] [data-test-id$="close"]',
		'[data-test-id="banner-stack"] button[aria-label="Close"]',
		'[data-test-id="nps-survey-modal"] button[aria-label="Close"]',
		'[data-test-id="close-chat-button"]',
		'[data-test-id="whats-new-modal"] button[aria-label="Close"]',
	];
	let closed = 0;
	for (const sel of closers) {
		for (const el of await page.$$(sel)) {
			if (await el.isVisible().catch(() => false)) {
				await el.click({ timeout: 2000 }).catch(() => {});
				closed += 1;
			}
		}
	}
	if (closed) await page.waitForTimeout(500);
	return closed;
}

/** Waits until every node icon on the canvas (img) has loaded; returns the icon URLs. */
async function waitForIcons(page, timeoutMs = 20_000) {
	await page.waitForFunction(
		() => {
			const imgs = [...document.querySelectorAll('[data-test-id="canvas-node"] img')];
			return imgs.every((i) => i.complete && i.naturalWidth > 0);
		},
		null,
		{ timeout: timeoutMs },
	);
	return await page.$$eval('[data-test-id="canvas-node"]', (els) =>
		els.map((e) => ({
			name: e.getAttribute('data-node-name'),
			type: e.getAttribute('data-node-type'),
			icon: e.querySelector('img')?.getAttribute('src') ?? null,
		})),
	);
}

function pngSize(file) {
	const b = readFileSync(file);
	return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), bytes: b.length };
}

async function takeShot(page, baseUrl, shot, examples, packageName) {
	const ex = examples.find((e) => e.file === shot.example);
	if (!ex) throw new Error(`${shot.example} not found`);
	await page.goto(`${baseUrl}/workflow/${ex.workflow.id}`);
	await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 60_000 });
	const nodes = await waitForIcons(page);
	const ours = nodes.filter((n) => n.type?.startsWith(`${packageName}.`));
	for (const n of ours) {
		if (!n.icon?.includes(packageName))
			throw new Error(`node "${n.name}" has no icon from ${packageName} (src ${n.icon})`);
	}
	await page.waitForTimeout(800); // canvas fit-view animation
	await dismissPopups(page);
	if (shot.execute) {
		// "Execute workflow", against the local stand-ins; every node ends green
		await page.click('[data-test-id="execute-workflow-button"]');
		await page.waitForFunction(
			(count) =>
				document.querySelectorAll('[data-test-id="canvas-node-status-success"]').length >= count,
			ex.workflow.nodes.length,
			{ timeout: 120_000 },
		);
		await page.waitForTimeout(500);
		await dismissPopups(page);
	}

	if (shot.openNode) {
		const type = `${packageName}.${shot.openNode}`;
		const node = ex.workflow.nodes.find((n) => n.type === type);
		if (!node) throw new Error(`no ${type} node in ${shot.example}`);
		await page.dblclick(`[data-test-id="canvas-node"][data-node-name="${node.name}"]`);
		await page.waitForSelector(
			'[data-test-id="ndv"] [data-test-id="node-parameters"], [data-test-id="node-parameters"]',
			{
				timeout: 20_000,
			},
		);
		await page.waitForTimeout(1200); // parameter list renders in steps (credential, options)
		await dismissPopups(page);
		// park the mouse on the empty input pane: hovering a parameter shows its Fixed/Expression switch
		await page.mouse.move(260, 700);
		if (shot.viewBinary) {
			// the output pane's Binary mode, then "View" on the first item's file
			const binaryMode = page.locator('[data-test-id="ndv-run-data-display-mode"]').getByText('Binary');
			if (await binaryMode.count()) await binaryMode.first().click();
			await page.locator('[data-test-id="ndv-view-binary-data"]').first().click({ timeout: 20_000 });
			await page.waitForTimeout(2000); // the image loads
		}
	} else if (shot.nodeCreatorSearch) {
		await page.click('[data-test-id="node-creator-plus-button"]');
		await page
			.waitForSelector(
				'[data-test-id="node-creator-search-bar"] input, [data-test-id="search-bar"] input',
				{
					timeout: 10_000,
				},
			)
			.catch(() => {});
		await page.keyboard.type(shot.nodeCreatorSearch);
		await page.waitForTimeout(800);
		await page.keyboard.press('Enter'); // opens the first hit: the package's node details + actions
		await page.waitForTimeout(1200);
		await page.mouse.move(500, 250);
	} else {
		await page.mouse.move(700, 180);
	}
	await page.waitForTimeout(300);
	const file = join(outDir, `${shot.name}.png`);
	await page.screenshot({ path: file });
	const size = pngSize(file);
	if (size.width !== VIEWPORT.width || size.height !== VIEWPORT.height) {
		throw new Error(
			`${file} is ${size.width}×${size.height}, expected ${VIEWPORT.width}×${VIEWPORT.height}`,
		);
	}
	return { file, size, ours };
}

// ---------------------------------------------------------------------------------------------

let n8n;
let sandbox;
let context;
let userFolder;
let profileDir;
const results = [];
try {
	await step('chromium', () => {
		ensureChromium();
		const v = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' });
		say((v.stdout || v.stderr).trim().split('\n')[0]);
	});
	let chromium;
	try {
		({ chromium } = await import('playwright-core'));
	} catch (e) {
		throw new Error(
			`playwright-core is not installed (npm ci installs it: a devDependency): ${e.message}`,
		);
	}
	await step('n8n harness (the first run installs n8n 2.41.1 + Node 24)', () =>
		ensureHarness({ quiet: false }),
	);
	userFolder = makeUserFolder('n8n-screenshots-');
	const pkg = await step(
		build ? 'npm run build + pack + install into n8n' : 'pack + install into n8n (--no-build)',
		() => packAndInstall(userFolder, { build }),
	);
	say(`installed ${pkg.name}@${pkg.version} into ${pkg.dir}`);

	const examples = [...readExamples(), ...screenshotWorkflows(pkg.name)];
	// the local stand-ins of `npm run dev`, for the shots that run an example
	const running = SHOTS.some((s) => s.execute && (!only || s.name.includes(only)));
	if (running) sandbox = await step('local stand-ins (test/fakes)', () => startSandbox());
	await step(
		'import placeholder credentials + examples/*.json + the screenshot workflow',
		async () => {
			const creds = exampleCredentials();
			if (creds.length) await importCredentials(userFolder, creds);
			if (sandbox) await importSandboxCredentials(userFolder, sandbox); // same ids: replaces them
			const staging = mkdtempSync(join(tmpdir(), 'n8n-screenshot-examples-'));
			try {
				examples.forEach(({ workflow }, i) =>
					writeFileSync(join(staging, `${i}.json`), JSON.stringify(workflow)),
				);
				await importWorkflowsFromDir(userFolder, staging);
			} finally {
				rmSync(staging, { recursive: true, force: true });
			}
			say(`${creds.length} credential(s), ${examples.length} workflow(s)`);
		},
	);

	const port = Number(arg('port') ?? (await freePort()));
	n8n = await step(`n8n start on port ${port}`, () =>
		startN8n({ port, userFolder, readyTimeoutMs: 300_000, env: exampleFilesEnv(userFolder).env }),
	);

	await step('owner account (POST /rest/owner/setup)', () => setUpOwner(n8n.url, OWNER));

	context = await step('launch chromium (playwright-core) and sign in', async () => {
		// a new empty profile per run, removed at the end
		profileDir = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
		const ctx = await chromium.launchPersistentContext(profileDir, {
			executablePath: CHROMIUM,
			headless: true,
			viewport: VIEWPORT,
			deviceScaleFactor: 1,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		});
		const page = ctx.pages()[0] ?? (await ctx.newPage());
		await page.goto(`${n8n.url}/signin`);
		await page.fill('input[name="emailOrLdapLoginId"]', OWNER.email);
		await page.fill('input[name="password"]', OWNER.password);
		await page.click('[data-test-id="form-submit-button"]');
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 30_000 });
		say(`signed in, at ${new URL(page.url()).pathname}`);
		return ctx;
	});
	const page = context.pages()[0];
	mkdirSync(outDir, { recursive: true });
	for (const shot of SHOTS.filter((s) => !only || s.name.includes(only))) {
		const started = Date.now();
		const r = await takeShot(page, n8n.url, shot, examples, pkg.name);
		results.push({ ...shot, ...r });
		say(
			`${relative(REPO_DIR, r.file)} (${r.size.width}×${r.size.height}, ${Math.round(r.size.bytes / 1024)} KB, ` +
				`${secs(Date.now() - started)}): ${shot.what}; our nodes: ${r.ours.map((n) => n.name).join(', ') || 'none'}`,
		);
	}
} catch (e) {
	console.error(`[screenshots] FAILED: ${e.stack ?? e.message}`);
	process.exitCode = 1;
} finally {
	await context?.close().catch(() => {});
	if (n8n) await n8n.stop();
	await sandbox?.close();
	if (profileDir) rmSync(profileDir, { recursive: true, force: true });
	if (userFolder && !keep) rmSync(userFolder, { recursive: true, force: true });
	else if (userFolder) say(`kept the user folder ${userFolder}`);
}
if (!process.exitCode)
	say(
		`${results.length} screenshot(s) in ${relative(REPO_DIR, outDir) || outDir}, total ${secs(Date.now() - t0)}`,
	);
