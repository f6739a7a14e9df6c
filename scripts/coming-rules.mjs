#!/usr/bin/env node
// N8N_CHECKOUT=<n8n checkout> node scripts/coming-rules.mjs [--json] [--trees] [ROOT...]
//
// Runs n8n's coming community-node lint rules — the ones in n8n's main branch that no released
// scanner has yet (packages/@n8n/eslint-plugin-community-nodes) — with their own code, over this
// repository's package.json, nodes/ and credentials/ (and, with --trees, over each provider
// package's repository tree as `npm run release:repos` writes it; or over the given ROOTs).
//
// The rules' code is not copied into this repository: N8N_CHECKOUT names a checkout of
// n8n-io/n8n (a sparse one with only that package is enough), or the plugin's folder itself. Its
// TypeScript sources (src/rules, src/utils) are transpiled into node_modules/.cache and run as an
// ESLint plugin, with inline config off, as n8n's scanner runs its rules. Before linting, each rule
// must report its known-bad fixture (written here), so a run that finds nothing proves the rules ran.
// test/n8n-coming-rules.test.ts checks the same things with our own code on every `npm test`.
import { spawnSync } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	rmSync,
	writeFileSync,
	readFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(REPO_DIR, 'package.json'));

/** The rules this script runs: file name in src/rules → the export holding the rule. */
export const COMING_RULES = {
	'node-execute-block': 'NodeExecuteBlockRule',
	'node-file-conventions': 'NodeFileConventionsRule',
	'no-hardcoded-ids': 'NoHardcodedIdsRule',
	'no-duplicate-param-options': 'NoDuplicateParamOptionsRule',
	'hint-max-length': 'HintMaxLengthRule',
	'no-monorepo': 'NoMonorepoRule',
	'community-package-json': 'CommunityPackageJsonRule',
};
const PLUGIN_PATH = 'packages/@n8n/eslint-plugin-community-nodes';

function pluginDir() {
	const given = process.env.N8N_CHECKOUT;
	if (!given) {
		console.error(
			'N8N_CHECKOUT is not set: give a checkout of n8n-io/n8n (main), e.g.\n' +
				'  git clone --depth 1 --filter=blob:none --sparse https://github.com/n8n-io/n8n /tmp/n8n\n' +
				`  git -C /tmp/n8n sparse-checkout set ${PLUGIN_PATH}\n` +
				'  N8N_CHECKOUT=/tmp/n8n node scripts/coming-rules.mjs',
		);
		process.exit(2);
	}
	for (const dir of [join(given, PLUGIN_PATH), given])
		if (existsSync(join(dir, 'src/rules'))) return resolve(dir);
	console.error(`${given} holds neither ${PLUGIN_PATH}/src/rules nor src/rules`);
	process.exit(2);
}

function tsFiles(dir) {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = join(dir, e.name);
		if (e.isDirectory()) return tsFiles(p);
		return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')
			? [p]
			: [];
	});
}

/**
 * Transpiles the plugin's utils and the coming rules into node_modules/.cache (so their imports of
 * @typescript-eslint/utils resolve from this repository's dependencies) and imports the rules.
 */
async function loadRules(dir) {
	const ts = require('typescript');
	const out = join(REPO_DIR, 'node_modules/.cache/n8n-coming-rules');
	rmSync(out, { recursive: true, force: true });
	const sources = [
		...tsFiles(join(dir, 'src/utils')),
		...Object.keys(COMING_RULES).map((name) => {
			const file = join(dir, 'src/rules', `${name}.ts`);
			if (!existsSync(file))
				throw new Error(`${relative(dir, file)} is missing: is ${dir} n8n's main branch?`);
			return file;
		}),
	];
	for (const file of sources) {
		const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
			compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
			fileName: file,
		});
		const target = join(out, relative(join(dir, 'src'), file)).replace(/\.ts$/, '.js');
		mkdirSync(dirname(target), { recursive: true });
		writeFileSync(target, outputText);
	}
	writeFileSync(join(out, 'package.json'), JSON.stringify({ type: 'module' }));
	const rules = {};
	for (const [name, exported] of Object.entries(COMING_RULES)) {
		const mod = await import(pathToFileURL(join(out, 'rules', `${name}.js`)).href);
		if (!mod[exported]) throw new Error(`src/rules/${name}.ts does not export ${exported}`);
		rules[name] = mod[exported];
	}
	return rules;
}

/** typescript-eslint, as @n8n/node-cli's lint config uses it. */
function tsParser() {
	const cli = dirname(require.resolve('@n8n/node-cli/eslint')).replace(/\/dist.*$/, '');
	return createRequire(join(cli, 'package.json'))('typescript-eslint').parser;
}

function walk(dir, keep) {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { withFileTypes: true })
		.sort((a, b) => a.name.localeCompare(b.name))
		.flatMap((e) => {
			if (['node_modules', 'dist'].includes(e.name)) return [];
			const p = join(dir, e.name);
			return e.isDirectory() ? walk(p, keep) : keep(p) ? [p] : [];
		});
}

/** What n8n's scanner lints in a package's source folder. */
const lintedFiles = (root) => [
	...(existsSync(join(root, 'package.json')) ? [join(root, 'package.json')] : []),
	...walk(join(root, 'nodes'), (p) => /\.(ts|js|json)$/.test(p)),
	...walk(join(root, 'credentials'), (p) => /\.(ts|js|json)$/.test(p)),
];

async function lintRoot(ESLint, plugin, parser, root) {
	const rules = Object.fromEntries(Object.keys(plugin.rules).map((r) => [`coming/${r}`, 'error']));
	const eslint = new ESLint({
		cwd: root,
		overrideConfigFile: true,
		allowInlineConfig: false,
		overrideConfig: [
			{
				files: ['**/*.ts', '**/*.js'],
				languageOptions: { parser },
				plugins: { coming: plugin },
				rules,
			},
			{
				files: ['**/*.json'],
				languageOptions: { parser, parserOptions: { extraFileExtensions: ['.json'] } },
				plugins: { coming: plugin },
				rules,
			},
		],
	});
	const files = lintedFiles(root);
	const results = await eslint.lintFiles(files);
	const perRule = Object.fromEntries(Object.keys(plugin.rules).map((r) => [r, 0]));
	const messages = [];
	for (const result of results)
		for (const m of result.messages) {
			const rule = m.ruleId?.replace(/^coming\//, '') ?? '(parse error)';
			perRule[rule] = (perRule[rule] ?? 0) + 1;
			messages.push({
				file: relative(root, result.filePath),
				line: m.line,
				column: m.column,
				rule,
				message: m.message,
			});
		}
	return { root, files: files.length, perRule, messages };
}

/** A package that breaks each rule once at least. */
function writeBadFixture(dir) {
	mkdirSync(join(dir, 'nodes/Foo'), { recursive: true });
	writeFileSync(
		join(dir, 'package.json'),
		JSON.stringify({
			name: 'n8n-nodes-bad',
			version: '0.0.1',
			description: '',
			license: 'ISC',
			author: { name: '' },
			repository: {
				type: 'git',
				url: 'https://github.com/<...>/n8n-nodes-bad.git',
				directory: 'packages/bad',
			},
			n8n: { n8nNodesApiVersion: 1, nodes: [] },
		}),
	);
	writeFileSync(
		join(dir, 'nodes/Foo/Wrong.node.ts'),
		`import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeType, INodeTypeDescription } from 'n8n-workflow';
const partner_id = 'fixed-partner';
export class FooTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Foo', name: 'foo', group: ['trigger'], version: 1, description: 'x',
		defaults: { name: 'Foo' }, inputs: [], outputs: [],
		properties: [{
			displayName: 'Mode', name: 'mode', type: 'options', default: 'a',
			options: [{ name: 'A', value: 'a' }, { name: 'B', value: 'a' }],
			hint: '${'x'.repeat(121)}',
		}],
	};
	async execute(this: IExecuteFunctions) {
		void partner_id;
		// eslint-disable-next-line
		throw new NodeOperationError(this.getNode(), 'no item index');
	}
}
`,
	);
}

async function main() {
	const args = process.argv.slice(2);
	const asJson = args.includes('--json');
	const roots = args.filter((a) => !a.startsWith('--')).map((r) => resolve(r));
	const dir = pluginDir();
	const { ESLint } = await import(pathToFileURL(require.resolve('eslint')).href);
	const plugin = { meta: { name: 'n8n-coming-rules' }, rules: await loadRules(dir) };
	const parser = tsParser();

	const scratch = mkdtempSync(join(tmpdir(), 'coming-rules-'));
	try {
		writeBadFixture(join(scratch, 'bad'));
		const self = await lintRoot(ESLint, plugin, parser, join(scratch, 'bad'));
		const silent = Object.entries(self.perRule)
			.filter(([, n]) => n === 0)
			.map(([r]) => r);
		if (silent.length > 0) {
			console.error(`rules that did not report their known-bad fixture: ${silent.join(', ')}`);
			process.exit(1);
		}
		if (roots.length === 0) {
			roots.push(REPO_DIR);
			if (args.includes('--trees')) {
				const out = join(scratch, 'trees');
				const r = spawnSync(
					process.execPath,
					[join(REPO_DIR, 'scripts/release-repos.mjs'), `--out=${out}`],
					{
						cwd: REPO_DIR,
						encoding: 'utf8',
					},
				);
				if (r.status !== 0) throw new Error(`release:repos failed:\n${r.stdout}\n${r.stderr}`);
				roots.push(
					...readdirSync(out)
						.sort()
						.map((name) => join(out, name)),
				);
			}
		}
		const report = [];
		for (const root of roots) report.push(await lintRoot(ESLint, plugin, parser, root));
		const total = report.reduce((n, r) => n + r.messages.length, 0);
		if (asJson)
			console.log(JSON.stringify({ rules: dir, selfCheck: self.perRule, report }, null, 2));
		else {
			console.log(`n8n's coming rules from ${dir}`);
			console.log(
				`self-check: each rule reported its known-bad fixture (${self.messages.length} problems)`,
			);
			for (const r of report) {
				const name = r.root.startsWith(scratch)
					? `tree ${relative(join(scratch, 'trees'), r.root)}`
					: relative(process.cwd(), r.root) || '.';
				console.log(`\n== ${name}: ${r.files} files, ${r.messages.length} problems`);
				console.log(
					'   ' +
						Object.entries(r.perRule)
							.map(([rule, n]) => `${rule}=${n}`)
							.join(' '),
				);
				for (const m of r.messages)
					console.log(`   ${m.file}:${m.line}:${m.column}  ${m.rule}  ${m.message}`);
			}
			console.log(`\ntotal: ${total} problems`);
		}
		process.exitCode = total === 0 ? 0 : 1;
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
}

await main();
