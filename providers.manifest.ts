/**
 * The providers of this repository, one entry each: everything that lists providers is derived
 * from here (the `ProviderId` union of the output contract, the package manifests and READMEs of
 * the five npm packages, the contract, credential, editor and reliability suites, the e2e, queue
 * and bench runs, the n8n 1.x check). A new provider is its node folder, its credential, its fake,
 * its contract rows and one entry here (README.md, Development → "A new provider").
 *
 * Plain data with no imports, so that the .mjs scripts can read it too (scripts/providers.mjs
 * compiles it with the repository's TypeScript); paths are relative to the repository root,
 * without extension.
 */

export interface ProviderNodeEntry {
	/** e.g. `nodes/CutoutPro/CutoutPro.node` */
	file: string;
	/** The exported class. */
	className: string;
	/** `description.name`: the node type is `<package name>.<type>`. */
	type: string;
}

export interface ProviderManifestEntry {
	/** The `provider` field of every result item; the provider's key in tests and scripts. */
	id: string;
	/** The main node's displayName: the README's table rows, its `## <displayName>` section, error messages. */
	displayName: string;
	/** `nodes/<folder>/`: the provider's code, shipped in its own package with nodes/shared. */
	folder: string;
	/** Its nodes, the main (action) node first. */
	nodes: readonly ProviderNodeEntry[];
	credential: ProviderNodeEntry;
	/** The credential's default Base URL. */
	baseUrl: string;
	/** The provider's site (the package README links it). */
	homepage: string;
	/**
	 * Its own npm package, published from its own repository, which `npm run release:repos` writes
	 * from this entry and package.json. Its README is README.md's `## <displayName>` section
	 * between the shared ones (install, behaviour, limits).
	 */
	npm: { name: string; description: string; keywords: readonly string[] };
	/** The fake API the tests run the node against: `module` exports `start({ apiKey, … })`. */
	fake: { module: string; start: string };
	/**
	 * `test/<provider>/`: the provider's own tests, and its rows in every shared suite and runner,
	 * one file each under a fixed name (test/providers.ts: PROVIDER_ROWS for the jest suites —
	 * contract, faults, bad input, secrets, editor, credential — and PROVIDER_RUN_FILES for the runs
	 * in a real n8n — e2e, bench, the stand-in of `npm run dev`).
	 */
	tests: string;
}

export const PROVIDERS = [
	{
		id: 'cutoutPro',
		displayName: 'Cutout.pro',
		folder: 'CutoutPro',
		nodes: [
			{ file: 'nodes/CutoutPro/CutoutPro.node', className: 'CutoutPro', type: 'cutoutPro' },
			{
				file: 'nodes/CutoutPro/CutoutProTrigger.node',
				className: 'CutoutProTrigger',
				type: 'cutoutProTrigger',
			},
		],
		credential: {
			file: 'credentials/CutoutProApi.credentials',
			className: 'CutoutProApi',
			type: 'cutoutProApi',
		},
		baseUrl: 'https://www.cutout.pro',
		homepage: 'https://www.cutout.pro',
		npm: {
			name: 'n8n-nodes-cutout-pro',
			description:
				'n8n community nodes for Cutout.pro: video background removal, video preview frames, Photo Animer (animate a face photo), image matting, and a trigger for finished tasks.',
			keywords: [
				'n8n-community-node-package',
				'n8n',
				'cutout.pro',
				'background-removal',
				'photo-animation',
			],
		},
		fake: { module: 'test/fakes/cutout-pro', start: 'startFakeCutoutPro' },
		tests: 'test/cutout-pro',
	},
	{
		id: 'backgroundRemoverAi',
		displayName: 'BackgroundRemoverAI',
		folder: 'BackgroundRemoverAi',
		nodes: [
			{
				file: 'nodes/BackgroundRemoverAi/BackgroundRemoverAi.node',
				className: 'BackgroundRemoverAi',
				type: 'backgroundRemoverAi',
			},
		],
		credential: {
			file: 'credentials/BackgroundRemoverAiApi.credentials',
			className: 'BackgroundRemoverAiApi',
			type: 'backgroundRemoverAiApi',
		},
		baseUrl: 'https://api.backgroundremoverai.com',
		homepage: 'https://backgroundremoverai.com',
		npm: {
			name: 'n8n-nodes-backgroundremoverai',
			description:
				'n8n community node for BackgroundRemoverAI: image (batched) and video background removal.',
			keywords: ['n8n-community-node-package', 'n8n', 'backgroundremoverai', 'background-removal'],
		},
		fake: { module: 'test/fakes/background-remover-ai', start: 'startFakeBackgroundRemoverAi' },
		tests: 'test/background-remover-ai',
	},
	{
		id: 'ximilar',
		displayName: 'Ximilar',
		folder: 'Ximilar',
		nodes: [{ file: 'nodes/Ximilar/Ximilar.node', className: 'Ximilar', type: 'ximilar' }],
		credential: {
			file: 'credentials/XimilarApi.credentials',
			className: 'XimilarApi',
			type: 'ximilarApi',
		},
		baseUrl: 'https://api.ximilar.com',
		homepage: 'https://ximilar.com',
		npm: {
			name: 'n8n-nodes-ximilar-background-removal',
			description:
				'n8n community node for Ximilar background removal: precise or fast, with optional mask and white-background versions, batched.',
			keywords: ['n8n-community-node-package', 'n8n', 'ximilar', 'background-removal'],
		},
		fake: { module: 'test/fakes/ximilar', start: 'startFakeXimilar' },
		tests: 'test/ximilar',
	},
	{
		id: 'runware',
		displayName: 'Runware',
		folder: 'Runware',
		nodes: [{ file: 'nodes/Runware/Runware.node', className: 'Runware', type: 'runware' }],
		credential: {
			file: 'credentials/RunwareApi.credentials',
			className: 'RunwareApi',
			type: 'runwareApi',
		},
		baseUrl: 'https://api.runware.ai',
		homepage: 'https://runware.ai',
		npm: {
			name: 'n8n-nodes-runware-background-removal',
			description:
				'n8n community node for Runware background removal: RemBG 1.4, Bria RMBG 2.0 or BiRefNet models, batched, with cost per image.',
			keywords: ['n8n-community-node-package', 'n8n', 'runware', 'background-removal'],
		},
		fake: { module: 'test/fakes/runware', start: 'startFakeRunware' },
		tests: 'test/runware',
	},
	{
		id: 'photoroom',
		displayName: 'Photoroom',
		folder: 'Photoroom',
		nodes: [{ file: 'nodes/Photoroom/Photoroom.node', className: 'Photoroom', type: 'photoroom' }],
		credential: {
			file: 'credentials/PhotoroomApi.credentials',
			className: 'PhotoroomApi',
			type: 'photoroomApi',
		},
		baseUrl: 'https://image-api.photoroom.com',
		homepage: 'https://www.photoroom.com/api',
		npm: {
			name: 'n8n-nodes-photoroom',
			description:
				'n8n community node for Photoroom: background removal and catalog-ready product photos (white background, padding, square size, marketplace presets for Amazon, Walmart and Google Shopping).',
			keywords: [
				'n8n-community-node-package',
				'n8n',
				'photoroom',
				'background-removal',
				'product-photo',
			],
		},
		fake: { module: 'test/fakes/photoroom', start: 'startFakePhotoroom' },
		tests: 'test/photoroom',
	},
] as const satisfies readonly ProviderManifestEntry[];

/** The `provider` of every result item (nodes/shared/output.ts). */
export type ProviderId = (typeof PROVIDERS)[number]['id'];
