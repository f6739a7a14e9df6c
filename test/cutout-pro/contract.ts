/** Cutout.pro's rows in the contract test (test/contract/suite.ts), one per operation. */
import type { ProviderEnv } from '../reliability/lib/providers';
import type { ContractCase } from '../contract/cases';
import { getCreditsCase, png, url, WAIT } from '../contract/cases';

const submitVideo = async (env: ProviderEnv) => {
	const { items } = await env.run({
		resource: 'video',
		operation: 'removeBackground',
		videoUrl: 'https://cdn.example.com/clip.mp4',
		outputFormat: 'mov',
		waitForCompletion: false,
	});
	return { taskId: items[0].json.taskId };
};

const submitPreview = async (env: ProviderEnv) => {
	const { items } = await env.run({
		resource: 'video',
		operation: 'createPreview',
		videoUrl: 'https://cdn.example.com/clip.mp4',
		waitForCompletion: false,
	});
	return { taskId: items[0].json.taskId };
};

const submitAnimation = async (env: ProviderEnv) => {
	const { items } = await env.run({
		resource: 'photo',
		operation: 'animate',
		imageUrl: 'https://cdn.example.com/face.jpg',
		templateId: 1,
		outputFormat: 'mp4',
		waitForCompletion: false,
	});
	return { taskId: items[0].json.taskId };
};

export const cases: ContractCase[] = [
	{
		resource: 'video',
		operation: 'removeBackground',
		params: () => ({ videoUrl: 'https://cdn.example.com/clip.mp4', outputFormat: 'mov', ...WAIT }),
		items: url,
		source: () => 'clip',
		bad: { params: { videoUrl: 'ftp://x/clip.mp4' }, field: 'Video URL' },
	},
	{
		resource: 'video',
		operation: 'getTask',
		before: submitVideo,
		params: ({ taskId }) => ({ taskFlag: taskId, downloadResult: true }),
		items: url,
		source: ({ taskId }) => String(taskId),
		bad: { params: { taskFlag: '={{ "" }}' }, field: 'Task ID' },
	},
	{
		resource: 'video',
		operation: 'createPreview',
		params: () => ({ videoUrl: 'https://cdn.example.com/clip.mp4', downloadFrames: true, ...WAIT }),
		items: url,
		source: () => 'clip',
		bad: { params: { videoUrl: 'not a url' }, field: 'Video URL' },
	},
	{
		resource: 'video',
		operation: 'getPreview',
		before: submitPreview,
		params: ({ taskId }) => ({ taskFlag: taskId, downloadFrames: true }),
		items: url,
		source: ({ taskId }) => String(taskId),
		bad: { params: { taskFlag: '  ' }, field: 'Task ID' },
	},
	{
		resource: 'photo',
		operation: 'animate',
		params: () => ({
			imageUrl: 'https://cdn.example.com/face.jpg',
			templateId: 1,
			outputFormat: 'mp4',
			...WAIT,
		}),
		items: url,
		source: () => 'face',
		bad: {
			params: { imageUrl: 'https://cdn.example.com/face.jpg', templateId: 9 },
			field: 'Template',
		},
	},
	{
		resource: 'photo',
		operation: 'getTask',
		before: submitAnimation,
		params: ({ taskId }) => ({ taskId, downloadResult: true }),
		items: url,
		source: ({ taskId }) => String(taskId),
		bad: { params: { taskId: '={{ "" }}' }, field: 'Task ID' },
	},
	{
		resource: 'image',
		operation: 'removeBackground',
		params: () => ({ inputType: 'binary', binaryPropertyName: 'data', mattingType: 'general' }),
		items: png,
		source: () => 'shoe.v2',
		bad: {
			params: { inputType: 'binary', binaryPropertyName: 'nope' },
			field: 'Input Binary Field',
		},
	},
	getCreditsCase,
];
