#!/usr/bin/env node
// The six npm packages built from this repository: the all-in-one (this folder, packed as is)
// and one package per provider, for n8n's verification ("each package should integrate exactly
// one third-party service"; a trigger for the same service may ship with it).
//
//   npm run pack:all [-- --out=DIR] [-- --no-build]
//
// builds once (a clean dist/), then packs all six tarballs into one folder (default
// .tmp/packages). The provider packages are the entries of providers.manifest.ts: each has its
// folder nodes/<Provider>/ (all of it), the nodes and credential its entry names (with the icons
// the credential names), and the whole compiled nodes/shared. Its package.json
// (nodes/<Provider>/npm/package.json, committed) is written from its entry (name, description,
// keywords) and the all-in-one's package.json, whose `n8n` section lists every entry's nodes and
// credential; both are checked to be current (`--write-manifests` rewrites them). Its README is
// put together from README.md's sections (the `## <displayName>` section, install, examples, limits).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { PROVIDERS, distFile } from './providers.mjs';

export const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUT_DIR = join(REPO_DIR, '.tmp/packages');

/**
 * A provider package: its manifest entry, and its package.json at nodes/<Provider>/npm/package.json
 * (committed: n8n's scanner looks for a package.json with the package's name in the source commit
 * its provenance names). Not in nodes/<Provider>/ itself: n8n's lint rules read the package.json
 * nearest to each source file (no-credential-reuse), which must stay the all-in-one's.
 */
export const PROVIDER_PACKAGES = PROVIDERS.map((provider) => ({
	provider,
	folder: provider.folder,
	name: provider.npm.name,
	title: provider.displayName,
	manifestPath: join(REPO_DIR, 'nodes', provider.folder, 'npm', 'package.json'),
}));

/** What node code may require at run time (n8n provides these; see the community-node rules). */
export const ALLOWED_RUNTIME_MODULES = ['n8n-workflow', 'zod', 'lodash', 'luxon', 'moment', 'p-limit', 'crypto'];

const rootPackageJson = () => JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8'));

/**
 * The nodes and credential of one provider (by folder), as dist paths (package.json `n8n` form),
 * from its manifest entry; a *.node.ts of its folder or a credentials/<folder>*.credentials.ts the
 * entry does not name is an error (it would not ship).
 */
export function providerLayout(folder) {
	const p = PROVIDERS.find((x) => x.folder === folder);
	if (!p) throw new Error(`no entry with folder "${folder}" in providers.manifest.ts`);
	const named = new Set([...p.nodes, p.credential].map((entry) => `${entry.file}.ts`));
	const onDisk = [
		...readdirSync(join(REPO_DIR, 'nodes', folder))
			.filter((f) => f.endsWith('.node.ts'))
			.map((f) => `nodes/${folder}/${f}`),
		...readdirSync(join(REPO_DIR, 'credentials'))
			.filter((f) => f.startsWith(folder) && f.endsWith('.credentials.ts'))
			.map((f) => `credentials/${f}`),
	];
	for (const f of onDisk) if (!named.has(f)) throw new Error(`${f} is not in ${p.id}'s entry of providers.manifest.ts`);
	for (const f of named) if (!existsSync(join(REPO_DIR, f))) throw new Error(`providers.manifest.ts names ${f}, which does not exist`);
	return { nodes: p.nodes.map(distFile), credentials: [distFile(p.credential)] };
}

/** The all-in-one's `n8n` section: every provider's nodes and credential, in manifest order. */
function rootN8nSection(root = rootPackageJson()) {
	const layouts = PROVIDER_PACKAGES.map((p) => providerLayout(p.folder));
	return {
		...root.n8n,
		credentials: layouts.flatMap((l) => l.credentials),
		nodes: layouts.flatMap((l) => l.nodes),
	};
}

/** The full manifest of a provider package: its own name, description, keywords; the rest from the all-in-one and the layout. */
export function manifestFor(p) {
	const root = rootPackageJson();
	const { nodes, credentials } = providerLayout(p.folder);
	return {
		name: p.provider.npm.name,
		version: root.version,
		description: p.provider.npm.description,
		keywords: p.provider.npm.keywords,
		license: root.license,
		author: root.author,
		homepage: root.homepage,
		repository: root.repository,
		files: ['dist'],
		engines: root.engines,
		n8n: { n8nNodesApiVersion: root.n8n.n8nNodesApiVersion, strict: root.n8n.strict, credentials, nodes },
		peerDependencies: root.peerDependencies,
	};
}

/**
 * Compares package.json's `n8n` section and each nodes/<Provider>/npm/package.json with what
 * providers.manifest.ts and package.json make of them; with write, rewrites the stale ones (after
 * a version bump, a new provider, node or credential). Returns the paths that were stale.
 */
export function syncManifests({ write = false } = {}) {
	for (const e of readdirSync(join(REPO_DIR, 'nodes'), { withFileTypes: true })) {
		if (e.isDirectory() && e.name !== 'shared' && !PROVIDERS.some((p) => p.folder === e.name)) {
			throw new Error(`nodes/${e.name}/ has no entry in providers.manifest.ts`);
		}
	}
	const root = rootPackageJson();
	const files = [
		[join(REPO_DIR, 'package.json'), { ...root, n8n: rootN8nSection(root) }],
		...PROVIDER_PACKAGES.map((p) => [p.manifestPath, manifestFor(p)]),
	];
	const stale = [];
	for (const [path, json] of files) {
		const text = `${JSON.stringify(json, null, 2)}\n`;
		if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
		stale.push(relative(REPO_DIR, path));
		if (write) {
			mkdirSync(dirname(path), { recursive: true });
			writeFileSync(path, text);
		}
	}
	return stale;
}

// ---------------------------------------------------------------------------------------------
// README of a provider package, from README.md's sections

/** README.md as { preamble, sections: [{ heading, body }] } split at `## ` headings. */
export function readmeSections(text = readFileSync(join(REPO_DIR, 'README.md'), 'utf8')) {
	const parts = text.split(/^(?=## )/m);
	const preamble = parts.shift();
	const sections = parts.map((part) => {
		const nl = part.indexOf('\n');
		return { heading: part.slice(3, nl).trim(), body: part.slice(nl + 1) };
	});
	return { preamble, sections };
}

function section(sections, heading) {
	const s = sections.find((x) => x.heading === heading);
	if (!s) throw new Error(`README.md has no "## ${heading}" section`);
	return s.body.replace(/<!-- providers:\w+ -->\n?/g, '').trimEnd();
}

/** Rows of a Markdown table (or bullets) in `body` that mention `title`, with the table head kept. */
function filterLines(body, keep) {
	const lines = body.split('\n');
	return lines.filter((line, i) => {
		if (!line.startsWith('|')) return true;
		const isHead = i + 1 < lines.length && /^\|[-| :]+\|$/.test(lines[i + 1]);
		return isHead || /^\|[-| :]+\|$/.test(line) || keep(line);
	});
}

/** Top-level bullets of `body` (a bullet with its continuation lines) that mention `title`. */
function filterBullets(body, keep) {
	const bullets = body.split(/\n(?=- )/);
	return bullets.filter((b) => !b.startsWith('- ') || keep(b)).join('\n');
}

export function providerReadme(p, pkgName, text) {
	const { preamble, sections } = readmeSections(text);
	const mentions = (s) => s.includes(p.title);
	const allInOne = rootPackageJson().name;
	// the table of nodes: that provider's rows; then the output contract paragraphs
	const [beforeMarker, afterMarker = ''] = preamble.split('<!-- providers:table -->');
	const tableStart = beforeMarker.indexOf('\n|');
	const table = filterLines(beforeMarker.slice(tableStart + 1), (line) => line.startsWith(`| **${p.title}`)).join('\n');
	// "Which package" is the same in every README; the install steps name this package
	const [whichPackage, installing] = section(sections, 'Install in n8n').split(/^(?=### Installing)/m);
	if (!installing) throw new Error('README.md "## Install in n8n" has no "### Installing"');
	const install = `${whichPackage}${installing.replace(new RegExp(`\\b${allInOne}\\b`, 'g'), pkgName)}`;
	const examples = section(sections, 'Example workflows');
	const exampleRows = filterLines(examples, (line) => /^\| `examples\//.test(line) && mentions(line));
	const hasExamples = exampleRows.some((line) => /^\| `examples\//.test(line));
	const limits = filterBullets(section(sections, 'Limits'), mentions);
	const out = [
		`# ${pkgName}`,
		'',
		`n8n community ${table.split('\n').filter((l) => l.startsWith('| **')).length > 1 ? 'nodes' : 'node'} for [${p.title}](${providerHomepage(p)}), from the ` +
			`[${allInOne}](${rootPackageJson().homepage}) project: the same nodes as in the all-in-one package, ` +
			`one provider per package so that n8n can verify it.`,
		'',
		table.trimEnd(),
		afterMarker.trimEnd(),
		'',
		'## Install in n8n',
		install,
		'',
		`## ${p.title}`,
		section(sections, p.title),
		'',
	];
	if (hasExamples) {
		out.push(
			'## Example workflows',
			exampleRows.join('\n').trimEnd(),
			'',
			`The example files in the repository use the all-in-one package's node types (\`${allInOne}.…\`): ` +
				`with this package, replace \`${allInOne}.\` by \`${pkgName}.\` in the file before importing it.`,
			'',
		);
	}
	out.push(
		'## Behaviour you can rely on',
		section(sections, 'Behaviour you can rely on'),
		'',
		'## Limits',
		limits.trimEnd(),
		'',
		'## Compatibility',
		section(sections, 'Compatibility').replaceAll(`\`${allInOne}\``, `\`${pkgName}\``),
		'',
		'## License',
		'',
		'MIT',
		'',
	);
	return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

const providerHomepage = (p) => p.provider.homepage;

// ---------------------------------------------------------------------------------------------
// staging and checking a provider package

function filesUnder(dir) {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
	);
}

/** Every `require('…')` in the compiled files of `pkgDir` (tsc emits CommonJS). */
export function requiresOf(pkgDir) {
	const found = [];
	for (const file of filesUnder(join(pkgDir, 'dist')).filter((f) => f.endsWith('.js'))) {
		const code = readFileSync(file, 'utf8');
		for (const m of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) found.push({ file, request: m[1] });
	}
	return found;
}

/**
 * A package may require only its own files and what n8n provides; `file:` icons must exist.
 * Throws with every problem found.
 */
export function checkSelfContained(pkgDir) {
	const problems = [];
	for (const { file, request } of requiresOf(pkgDir)) {
		if (request.startsWith('.')) {
			const target = resolve(dirname(file), request);
			if (![target, `${target}.js`, join(target, 'index.js')].some((f) => existsSync(f) && statSync(f).isFile())) {
				problems.push(`${relative(pkgDir, file)} requires ${request}, which is not in the package`);
			}
		} else {
			if (!ALLOWED_RUNTIME_MODULES.includes(request.replace(/^node:/, ''))) {
				problems.push(`${relative(pkgDir, file)} requires ${request}, which n8n does not provide`);
			}
		}
	}
	for (const file of filesUnder(join(pkgDir, 'dist')).filter((f) => f.endsWith('.js'))) {
		for (const m of readFileSync(file, 'utf8').matchAll(/["']file:([^"']+)["']/g)) {
			if (!existsSync(join(dirname(file), m[1]))) problems.push(`${relative(pkgDir, file)} names icon ${m[1]}, missing`);
		}
	}
	const pj = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
	for (const f of [...pj.n8n.nodes, ...pj.n8n.credentials]) {
		if (!existsSync(join(pkgDir, f))) problems.push(`package.json lists ${f}, missing`);
	}
	if (Object.keys(pj.dependencies ?? {}).length > 0) problems.push('runtime dependencies present');
	if (problems.length) throw new Error(`${pj.name} is not self-contained:\n  ${problems.join('\n  ')}`);
}

/** Writes the provider package into `stagingDir/<name>` from the built dist/. Returns its folder. */
export function stageProviderPackage(p, stagingDir) {
	const dir = join(stagingDir, p.name);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	const dist = join(REPO_DIR, 'dist');
	const { nodes, credentials } = providerLayout(p.folder);
	cpSync(join(dist, 'nodes', p.folder), join(dir, 'dist/nodes', p.folder), { recursive: true });
	cpSync(join(dist, 'nodes/shared'), join(dir, 'dist/nodes/shared'), { recursive: true });
	mkdirSync(join(dir, 'dist/credentials'), { recursive: true });
	for (const cred of credentials) {
		const base = cred.replace(/^dist\/credentials\//, '').replace(/\.js$/, '');
		for (const f of readdirSync(join(dist, 'credentials')).filter((x) => x.startsWith(`${base}.`))) {
			cpSync(join(dist, 'credentials', f), join(dir, 'dist/credentials', f));
		}
		// the icons the credential names (icon: { light: 'file:x.svg', dark: 'file:x.dark.svg' })
		for (const m of readFileSync(join(REPO_DIR, cred), 'utf8').matchAll(/["']file:([^"']+)["']/g)) {
			cpSync(join(dist, 'credentials', m[1]), join(dir, 'dist/credentials', m[1]));
		}
	}
	const readme = providerReadme(p, p.name);
	const pj = manifestFor(p);
	writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pj, null, 2)}\n`);
	writeFileSync(join(dir, 'README.md'), readme);
	cpSync(join(REPO_DIR, 'LICENSE'), join(dir, 'LICENSE'));
	checkSelfContained(dir);
	return dir;
}

// ---------------------------------------------------------------------------------------------
// build + pack

function run(cmd, args, cwd) {
	const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_ignore_scripts: 'true' } });
	if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd} (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
	return r.stdout;
}

function npmPack(pkgDir, outDir) {
	const [info] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', outDir], pkgDir));
	return { name: info.name, version: info.version, tgz: join(outDir, info.filename), size: info.size, files: info.entryCount };
}

/**
 * Builds once (clean dist/) unless build is false, then packs the all-in-one and every provider
 * package into outDir. Returns [{ name, version, tgz, size, files, providers: [folder…] }].
 */
export function packAll({ outDir = DEFAULT_OUT_DIR, build = true, log = console.error, treeTarballs } = {}) {
	const stale = syncManifests();
	if (stale.length) throw new Error(`stale provider manifests: ${stale.join(', ')}; run npm run pack:all -- --write-manifests and commit them`);
	if (build) {
		rmSync(join(REPO_DIR, 'dist'), { recursive: true, force: true });
		log('[pack:all] npm run build');
		run('npm', ['run', 'build'], REPO_DIR);
	}
	rmSync(outDir, { recursive: true, force: true });
	mkdirSync(outDir, { recursive: true });
	// staged outside the repo: `eslint .` would lint a staged dist's .d.ts files
	const stagingDir = mkdtempSync(join(tmpdir(), 'n8n-packages-'));
	try {
		const packed = [{ ...npmPack(REPO_DIR, outDir), providers: PROVIDER_PACKAGES.map((p) => p.folder) }];
		// the provider packages as their own repositories pack them (npm run release:check), when given
		const fromTrees = treeTarballs && JSON.parse(readFileSync(treeTarballs, 'utf8'));
		for (const p of PROVIDER_PACKAGES) {
			const tree = fromTrees?.find((t) => t.name === p.name);
			if (tree) {
				cpSync(tree.tgz, join(outDir, basename(tree.tgz)));
				packed.push({ ...tree, tgz: join(outDir, basename(tree.tgz)), providers: [p.folder], fromTree: true });
			} else packed.push({ ...npmPack(stageProviderPackage(p, stagingDir), outDir), providers: [p.folder] });
		}
		writeFileSync(join(outDir, 'packages.json'), `${JSON.stringify(packed, null, 2)}\n`);
		return packed;
	} finally {
		rmSync(stagingDir, { recursive: true, force: true });
	}
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	if (args.includes('--write-manifests')) {
		for (const f of syncManifests({ write: true })) console.log(`updated ${f}`);
	}
	const out = args.find((a) => a.startsWith('--out='))?.slice('--out='.length);
	const packed = packAll({ outDir: out ? resolve(out) : DEFAULT_OUT_DIR, build: !args.includes('--no-build') });
	for (const p of packed) {
		console.log(`${p.name}@${p.version}  ${relative(process.cwd(), p.tgz)}  ${(p.size / 1024).toFixed(1)} kB, ${p.files} files`);
	}
}
