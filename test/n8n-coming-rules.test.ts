/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code, never shipped: it reads the package's sources */
/**
 * n8n's coming community-node rules (in n8n's main branch, not yet in a released scanner), checked
 * with our own code on every `npm test`: `scripts/coming-rules.mjs` runs the rules' real code when an
 * n8n checkout is at hand. Each check is stricter than or equal to its rule:
 * - node-execute-block: every NodeOperationError and NodeApiError built anywhere in nodes/ (n8n's rule:
 *   NodeOperationError in *.node.ts files) carries `{ itemIndex }` in its last argument;
 * - node-file-conventions: a node class lives in `<Class>.node.ts` and every *.node.ts holds its class;
 *   a trigger (class name, group, webhooks or a trigger/poll/webhook method) has a class name, `name`
 *   and `displayName` ending in Trigger;
 * - no-hardcoded-ids: no partner/affiliate/account/… id given as a string literal in nodes/ or
 *   credentials/ (n8n's rule: *.node.ts);
 * - no-duplicate-param-options: no repeated option name or value in any options/multiOptions
 *   parameter, nested ones included (n8n's rule: the top level of a literal description);
 * - hint-max-length: no `hint` over 120 characters anywhere in a node's description;
 * - no-monorepo and community-package-json: package.json.
 * The descriptions are checked as n8n loads them (the node classes instantiated), the rest on the
 * TypeScript syntax tree. Each check has a case that must fail.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const MAX_HINT_LENGTH = 120;
const CONFIGURABLE_ID_NAME =
	/^(?:partner|affiliate|reseller|account|tenant|customer|client)(?:[_-]?id)$/i;

interface SourceFile {
	/** Path relative to the package root, with forward slashes. */
	file: string;
	text: string;
}

function sourcesUnder(dir: string): SourceFile[] {
	return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
		.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
		.sort()
		.map((f) => {
			const file = path.posix.join(dir, f.split(path.sep).join('/'));
			return { file, text: readFileSync(path.join(ROOT, file), 'utf8') };
		});
}

const parsed = new Map<string, ts.SourceFile>();
/** A file's syntax tree, parsed once however many checks read it. */
function parse({ file, text }: SourceFile): ts.SourceFile {
	const key = `${file}\0${text}`;
	let source = parsed.get(key);
	if (source === undefined) {
		source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
		parsed.set(key, source);
	}
	return source;
}

function visit(node: ts.Node, fn: (node: ts.Node) => void) {
	fn(node);
	node.forEachChild((child) => visit(child, fn));
}

const where = (source: ts.SourceFile, node: ts.Node) =>
	`${source.fileName}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;

/** node-execute-block: every NodeOperationError / NodeApiError carries `{ itemIndex }`. */
function errorsWithoutItemIndex(files: SourceFile[]): string[] {
	const problems: string[] = [];
	// only files that name an error class can build one (the rest are not parsed: the suite stays fast)
	for (const file of files.filter((f) => /Node(Operation|Api)Error/.test(f.text))) {
		const source = parse(file);
		visit(source, (node) => {
			if (!ts.isNewExpression(node) || !ts.isIdentifier(node.expression)) return;
			const errorClass = node.expression.text;
			if (errorClass !== 'NodeOperationError' && errorClass !== 'NodeApiError') return;
			const last = node.arguments?.at(-1);
			const hasItemIndex =
				last !== undefined &&
				ts.isObjectLiteralExpression(last) &&
				last.properties.some(
					(p) =>
						(ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) &&
						ts.isIdentifier(p.name) &&
						p.name.text === 'itemIndex',
				);
			if (!hasItemIndex)
				problems.push(`${where(source, node)}: ${errorClass} without { itemIndex }`);
		});
	}
	return problems;
}

function isNodeClass(node: ts.ClassDeclaration): boolean {
	const implementsNodeType = (node.heritageClauses ?? []).some((clause) =>
		clause.types.some((t) => ts.isIdentifier(t.expression) && t.expression.text === 'INodeType'),
	);
	const extendsNode = (node.heritageClauses ?? []).some(
		(clause) =>
			clause.token === ts.SyntaxKind.ExtendsKeyword &&
			clause.types.some((t) => ts.isIdentifier(t.expression) && t.expression.text === 'Node'),
	);
	return implementsNodeType || extendsNode;
}

/** node-file-conventions (file names): node classes in `<Class>.node.ts`, one per such file. */
function fileNameProblems(files: SourceFile[]): string[] {
	const problems: string[] = [];
	for (const file of files.filter((f) => f.file.endsWith('.node.ts') || /\bclass\b/.test(f.text))) {
		const source = parse(file);
		const classes: string[] = [];
		visit(source, (node) => {
			if (!ts.isClassDeclaration(node) || !isNodeClass(node)) return;
			const name = node.name?.text ?? '(anonymous)';
			classes.push(name);
			if (path.posix.basename(file.file) !== `${name}.node.ts`)
				problems.push(`${where(source, node)}: node class ${name} is not in ${name}.node.ts`);
		});
		if (file.file.endsWith('.node.ts') && classes.length !== 1)
			problems.push(`${file.file}: holds ${classes.length} node classes (expected its own one)`);
	}
	return problems;
}

function stringValue(node: ts.Node | undefined): string | undefined {
	return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
		? node.text
		: undefined;
}

function propertyName(name: ts.PropertyName | ts.Expression): string | undefined {
	return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)
		? name.text
		: undefined;
}

/** no-hardcoded-ids: no account-like id given as a string literal. */
function hardcodedIds(files: SourceFile[]): string[] {
	const problems: string[] = [];
	const mentionsId = new RegExp(CONFIGURABLE_ID_NAME.source.replace(/^\^|\$$/g, ''), 'i');
	for (const file of files.filter((f) => mentionsId.test(f.text))) {
		const source = parse(file);
		const check = (name: string | undefined, value: ts.Node | undefined, at: ts.Node) => {
			if (name && CONFIGURABLE_ID_NAME.test(name) && stringValue(value) !== undefined)
				problems.push(`${where(source, at)}: hard-coded ${name}`);
		};
		visit(source, (node) => {
			if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name))
				check(node.name.text, node.initializer, node);
			else if (ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node))
				check(propertyName(node.name), node.initializer, node);
			else if (
				ts.isBinaryExpression(node) &&
				node.operatorToken.kind === ts.SyntaxKind.EqualsToken
			) {
				const left = node.left;
				const name = ts.isIdentifier(left)
					? left.text
					: ts.isPropertyAccessExpression(left)
						? left.name.text
						: ts.isElementAccessExpression(left)
							? stringValue(left.argumentExpression)
							: undefined;
				check(name, node.right, node);
			}
		});
	}
	return problems;
}

/** A node as n8n loads it: the class its package.json entry names, and its description. */
interface LoadedNode {
	file: string;
	className: string;
	node: INodeType;
}

/** node-file-conventions (triggers): a trigger's class name, `name` and `displayName` end in Trigger. */
function triggerNameProblems({ file, className, node }: LoadedNode): string[] {
	const d = node.description;
	const isTrigger =
		className.endsWith('Trigger') ||
		d.name.endsWith('Trigger') ||
		d.group.includes('trigger') ||
		(d.webhooks?.length ?? 0) > 0 ||
		typeof node.trigger === 'function' ||
		typeof node.poll === 'function' ||
		typeof node.webhook === 'function';
	if (!isTrigger) return [];
	return [
		['class name', className],
		['name', d.name],
		['displayName', d.displayName],
	]
		.filter(([, value]) => !value.endsWith('Trigger'))
		.map(([what, value]) => `${file}: trigger node's ${what} "${value}" does not end with Trigger`);
}

type Option = { name?: unknown; value?: unknown; values?: unknown };

/** Every parameter of a description, nested ones (collections, fixed collections) included. */
function allParameters(properties: readonly INodeProperties[]): INodeProperties[] {
	return properties.flatMap((p) => {
		const options = (p.options ?? []) as Option[];
		const nested =
			p.type === 'collection'
				? allParameters(options as INodeProperties[])
				: p.type === 'fixedCollection'
					? options.flatMap((o) =>
							Array.isArray(o.values) ? allParameters(o.values as INodeProperties[]) : [],
						)
					: [];
		return [p, ...nested];
	});
}

/** no-duplicate-param-options: no option name or value twice in one parameter. */
function duplicateOptions(file: string, description: INodeTypeDescription): string[] {
	const problems: string[] = [];
	for (const p of allParameters(description.properties)) {
		if (!['options', 'multiOptions', 'fixedCollection'].includes(p.type)) continue;
		const options = (p.options ?? []) as Option[];
		for (const key of ['name', 'value'] as const) {
			const seen = new Set<unknown>();
			for (const option of options) {
				if (option[key] === undefined) continue;
				if (seen.has(option[key]))
					problems.push(
						`${file}: parameter "${p.displayName}" (${p.name}) has option ${key} ${JSON.stringify(option[key])} twice`,
					);
				seen.add(option[key]);
			}
		}
	}
	return problems;
}

/** hint-max-length: every `hint` in a description (at any depth) within 120 characters. */
function longHints(file: string, description: INodeTypeDescription): string[] {
	const problems: string[] = [];
	const walk = (value: unknown, at: string) => {
		if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`));
		else if (value !== null && typeof value === 'object')
			for (const [key, v] of Object.entries(value)) {
				if (key === 'hint' && typeof v === 'string' && v.length > MAX_HINT_LENGTH)
					problems.push(`${file}: ${at}.hint is ${v.length} characters (max ${MAX_HINT_LENGTH})`);
				walk(v, `${at}.${key}`);
			}
	};
	walk(description, 'description');
	return problems;
}

type PackageJson = Record<string, unknown>;

/** no-monorepo: no `repository.directory` (other than the root itself). */
function monorepoProblems(pkg: PackageJson): string[] {
	const repository = pkg.repository as { directory?: unknown } | undefined;
	if (repository === undefined || typeof repository !== 'object' || !('directory' in repository))
		return [];
	const directory = repository.directory;
	return typeof directory === 'string' && /^\.(?:[\\/]\.)*[\\/]?$/.test(directory)
		? []
		: [`package.json: repository.directory ${JSON.stringify(directory)} (a monorepo package)`];
}

/** community-package-json: the fields n8n requires of a community package. */
function packageJsonProblems(pkg: PackageJson): string[] {
	const problems: string[] = [];
	const nonEmpty = (v: unknown) => typeof v === 'string' && v.trim() !== '';
	if (!nonEmpty(pkg.version)) problems.push('package.json: no version');
	if (!nonEmpty(pkg.description)) problems.push('package.json: no description');
	if (pkg.license !== 'MIT') problems.push('package.json: license is not MIT');
	const author = pkg.author as { name?: unknown } | undefined;
	if (typeof author !== 'object' || !nonEmpty(author?.name))
		problems.push('package.json: no author.name');
	const repository = pkg.repository as { url?: unknown } | undefined;
	if (
		typeof repository !== 'object' ||
		!nonEmpty(repository?.url) ||
		/github\.com\/<\.\.\.>/.test(String(repository?.url))
	)
		problems.push('package.json: no real repository.url');
	const n8n = pkg.n8n as { n8nNodesApiVersion?: unknown; nodes?: unknown } | undefined;
	if (typeof n8n?.n8nNodesApiVersion !== 'number')
		problems.push('package.json: n8n.n8nNodesApiVersion is not a number');
	if (!Array.isArray(n8n?.nodes) || n8n.nodes.length === 0)
		problems.push('package.json: n8n.nodes is empty');
	return problems;
}

const PACKAGE: PackageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const NODE_SOURCES = sourcesUnder('nodes');
const ALL_SOURCES = [...NODE_SOURCES, ...sourcesUnder('credentials')];

/** The nodes package.json names (dist/….node.js), loaded from their sources. */
function loadNodes(): LoadedNode[] {
	return ((PACKAGE.n8n as { nodes: string[] }).nodes ?? []).map((distPath) => {
		const file = distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts');
		const className = path.basename(file, '.node.ts');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = (require(path.join(ROOT, file)) as Record<string, new () => INodeType>)[
			className
		];
		if (exported === undefined) throw new Error(`${file} does not export a class ${className}`);
		return { file, className, node: new exported() };
	});
}

describe("n8n's coming community-node rules", () => {
	const nodes = loadNodes();

	it('reads every node package.json names, and every *.node.ts is one of them', () => {
		expect(nodes.length).toBeGreaterThan(0);
		expect(NODE_SOURCES.filter((s) => s.file.endsWith('.node.ts')).map((s) => s.file)).toEqual(
			nodes.map((n) => n.file).sort(),
		);
	});

	describe('node-execute-block: { itemIndex } on every NodeOperationError and NodeApiError', () => {
		it('holds in nodes/', () => {
			expect(errorsWithoutItemIndex(NODE_SOURCES)).toEqual([]);
		});
		it('finds an error without it', () => {
			const text = [
				"throw new NodeOperationError(this.getNode(), 'cancelled');",
				"throw new NodeApiError(node, {}, { message: 'x' });",
				"throw new NodeOperationError(node, 'x', { itemIndex: i, description: 'y' });",
				"throw new NodeOperationError(node, 'x', { itemIndex });",
				'throw new NodeApiError(node, {}, { itemIndex: 0 });',
			].join('\n');
			expect(errorsWithoutItemIndex([{ file: 'nodes/X/x.ts', text }])).toEqual([
				'nodes/X/x.ts:1: NodeOperationError without { itemIndex }',
				'nodes/X/x.ts:2: NodeApiError without { itemIndex }',
			]);
		});
	});

	describe('node-file-conventions: <Class>.node.ts', () => {
		it('holds in nodes/', () => {
			expect(fileNameProblems(NODE_SOURCES)).toEqual([]);
		});
		it('finds a node class in a file of another name, and a .node.ts without its class', () => {
			const node = 'export class Foo implements INodeType { description = {} as never; }';
			expect(
				fileNameProblems([
					{ file: 'nodes/Foo/Bar.node.ts', text: node },
					{ file: 'nodes/Foo/Foo.node.ts', text: node },
					{ file: 'nodes/Foo/helpers.ts', text: 'export class Foo extends Node {}' },
					{ file: 'nodes/Foo/Empty.node.ts', text: 'export const x = 1;' },
				]),
			).toEqual([
				'nodes/Foo/Bar.node.ts:1: node class Foo is not in Foo.node.ts',
				'nodes/Foo/helpers.ts:1: node class Foo is not in Foo.node.ts',
				'nodes/Foo/Empty.node.ts: holds 0 node classes (expected its own one)',
			]);
		});
	});

	describe('node-file-conventions: a trigger is named …Trigger', () => {
		it('holds for every node', () => {
			expect(nodes.flatMap(triggerNameProblems)).toEqual([]);
			// the check sees the package's trigger(s) as triggers
			expect(nodes.some((n) => n.node.description.group.includes('trigger'))).toBe(
				nodes.some((n) => n.className.endsWith('Trigger')),
			);
		});
		it('finds a trigger whose name or displayName does not end with Trigger', () => {
			const description = {
				name: 'foo',
				displayName: 'Foo',
				group: ['trigger'],
				properties: [],
			} as unknown as INodeTypeDescription;
			expect(
				triggerNameProblems({ file: 'F.node.ts', className: 'Foo', node: { description } }),
			).toEqual([
				'F.node.ts: trigger node\'s class name "Foo" does not end with Trigger',
				'F.node.ts: trigger node\'s name "foo" does not end with Trigger',
				'F.node.ts: trigger node\'s displayName "Foo" does not end with Trigger',
			]);
			const action = { ...description, group: ['transform'] } as INodeTypeDescription;
			expect(
				triggerNameProblems({ file: 'F.node.ts', className: 'Foo', node: { description: action } }),
			).toEqual([]);
		});
	});

	describe('no-hardcoded-ids', () => {
		it('holds in nodes/ and credentials/', () => {
			expect(hardcodedIds(ALL_SOURCES)).toEqual([]);
		});
		it('finds an account-like id given as a literal', () => {
			const text = [
				"const partner_id = 'abc';",
				"const body = { affiliateId: `abc`, customerId: itemId, name: 'accountId' };",
				"options.clientId = 'abc';",
				'class X { tenantId = "t"; }',
			].join('\n');
			expect(hardcodedIds([{ file: 'nodes/X/x.ts', text }])).toEqual([
				'nodes/X/x.ts:1: hard-coded partner_id',
				'nodes/X/x.ts:2: hard-coded affiliateId',
				'nodes/X/x.ts:3: hard-coded clientId',
				'nodes/X/x.ts:4: hard-coded tenantId',
			]);
		});
	});

	describe('no-duplicate-param-options', () => {
		it('holds for every parameter of every node, nested ones included', () => {
			expect(nodes.flatMap((n) => duplicateOptions(n.file, n.node.description))).toEqual([]);
		});
		it('finds a repeated option value or name, in a nested parameter too', () => {
			const description = {
				properties: [
					{
						displayName: 'Options',
						name: 'options',
						type: 'collection',
						default: {},
						options: [
							{
								displayName: 'Mode',
								name: 'mode',
								type: 'options',
								default: 'a',
								options: [
									{ name: 'A', value: 'a' },
									{ name: 'B', value: 'a' },
									{ name: 'A', value: 'c' },
								],
							},
						],
					},
				],
			} as unknown as INodeTypeDescription;
			expect(duplicateOptions('F.node.ts', description)).toEqual([
				'F.node.ts: parameter "Mode" (mode) has option name "A" twice',
				'F.node.ts: parameter "Mode" (mode) has option value "a" twice',
			]);
		});
	});

	describe('hint-max-length', () => {
		it(`holds for every hint of every node (max ${MAX_HINT_LENGTH} characters)`, () => {
			expect(nodes.flatMap((n) => longHints(n.file, n.node.description))).toEqual([]);
		});
		it('finds a hint one character too long', () => {
			const description = {
				properties: [
					{ name: 'a', hint: 'x'.repeat(MAX_HINT_LENGTH) },
					{ name: 'b', options: [{ name: 'c', hint: 'x'.repeat(MAX_HINT_LENGTH + 1) }] },
				],
			} as unknown as INodeTypeDescription;
			expect(longHints('F.node.ts', description)).toEqual([
				`F.node.ts: description.properties[1].options[0].hint is ${MAX_HINT_LENGTH + 1} characters (max ${MAX_HINT_LENGTH})`,
			]);
		});
	});

	describe('no-monorepo and community-package-json', () => {
		it('hold for package.json', () => {
			expect(monorepoProblems(PACKAGE)).toEqual([]);
			expect(packageJsonProblems(PACKAGE)).toEqual([]);
		});
		it('find a monorepo package and the fields a community package needs', () => {
			expect(monorepoProblems({ repository: { url: 'u', directory: 'packages/x' } })).toHaveLength(
				1,
			);
			expect(monorepoProblems({ repository: { url: 'u', directory: './' } })).toEqual([]);
			expect(
				packageJsonProblems({
					description: '',
					license: 'ISC',
					author: { name: '' },
					repository: { url: 'https://github.com/<...>/n8n-nodes-x.git' },
					n8n: { n8nNodesApiVersion: '1', nodes: [] },
				}),
			).toEqual([
				'package.json: no version',
				'package.json: no description',
				'package.json: license is not MIT',
				'package.json: no author.name',
				'package.json: no real repository.url',
				'package.json: n8n.n8nNodesApiVersion is not a number',
				'package.json: n8n.nodes is empty',
			]);
		});
	});
});
