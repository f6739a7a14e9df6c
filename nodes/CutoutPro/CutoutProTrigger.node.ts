import type {
	IBinaryKeyData,
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { readmeSection } from '../shared/descriptions';
import { extensionFromUrl, mimeForExtension } from '../shared/media';
import { resultFileName } from '../shared/naming';
import { webhookParameters } from '../shared/parameters';
import { checkNotification, EVENT_NAMES, EVENTS } from './trigger/notification';
import { PROVIDER_ID } from './transport';

/** The canvas subtitle: the chosen events in words ("Video task finished, …"). */
const EVENTS_SUBTITLE = `={{ $parameter["events"].map((event) => (${JSON.stringify(EVENT_NAMES)})[event] ?? event).join(", ") }}`;

export class CutoutProTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cutout.pro Trigger',
		name: 'cutoutProTrigger',
		icon: { light: 'file:cutoutPro.svg', dark: 'file:cutoutPro.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: EVENTS_SUBTITLE,
		// n8n's nodes panel shows this text for the one Cutout.pro entry that holds both this trigger
		// and the Cutout.pro node, so it describes both.
		description:
			'Remove backgrounds from videos and images and animate face photos with Cutout.pro, and start workflows when its tasks finish',
		documentationUrl: readmeSection('cutoutpro-trigger'),
		defaults: { name: 'Cutout.pro Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					'Cutout.pro sends notifications to one address set in your Cutout.pro account (API settings). Paste this node\'s Production URL there; if you set a Secret Token below, add it as "?token=YOUR_TOKEN" at the end of the URL.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [
					{
						name: EVENT_NAMES[EVENTS.video],
						value: EVENTS.video,
						description: 'A video background removal task finished',
					},
					{
						name: EVENT_NAMES[EVENTS.faceDriven],
						value: EVENTS.faceDriven,
						description: 'A face animation task finished',
					},
				],
				default: [EVENTS.video, EVENTS.faceDriven],
				description: 'Which notifications start the workflow; others are acknowledged and ignored',
			},
			{
				displayName: 'Secret Token',
				name: 'secretToken',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description:
					'When set, only requests whose URL ends in ?token=YOUR_TOKEN are accepted (Cutout.pro signs nothing, so this is the only proof a notification is genuine)',
			},
			{
				displayName:
					'To get the finished file, connect Cutout.pro → Video: Get Task (for Photo Animer tasks, Photo Animation: Get Task) with Task ID set to {{ $json.taskId }} and Download Result on. It downloads during the execution, on a worker in queue mode, and the editor can open the file.',
				name: 'getTaskNotice',
				type: 'notice',
				default: '',
			},
			// Deprecated, shown only in workflows that already have it on: the download runs while the
			// notification is received, in the webhook process. In queue mode n8n keeps that file
			// outside any execution (the editor cannot open it, pruning never deletes it) and a large
			// video sits in the webhook process's memory. Kept working so no workflow loses its file.
			{
				displayName:
					'Download Result is deprecated: it downloads inside the process that receives the notification. It works in regular mode only; in queue mode the editor cannot open the file. Turn it off and use Get Task as above.',
				name: 'downloadResultNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { downloadResult: [true] } },
			},
			{
				displayName: 'Download Result (Deprecated)',
				name: 'downloadResult',
				type: 'boolean',
				default: false,
				description:
					'Whether to download the finished file into the binary property "data" while the notification is received (regular mode only)',
				displayOptions: { show: { downloadResult: [true] } },
			},
		],
	};

	// Cutout.pro has no API to register a webhook: the URL is pasted in the account settings.
	// These lifecycle methods report it as registered and change nothing at the provider.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const response = this.getResponseObject();
		const read = webhookParameters(this);
		const verdict = checkNotification({
			headers: this.getHeaderData(),
			query: this.getQueryData() as Record<string, unknown>,
			body: (request as { rawBody?: Buffer }).rawBody?.toString('utf8') ?? this.getBodyData(),
			secret: read.optionalText('secretToken', 'Secret Token') ?? '',
		});
		if (!verdict.ok) {
			response.status(verdict.status).json({ error: verdict.message });
			return { noWebhookResponse: true };
		}
		const { notification } = verdict;
		const events = read.optionList('events', 'Events', Object.values(EVENTS));
		// Answer at once: the provider only needs an acknowledgement, and a download can take long.
		response.status(200).json({ received: true });
		if (!events.includes(notification.event)) return { noWebhookResponse: true };

		const json: IDataObject = {
			provider: PROVIDER_ID,
			event: notification.event,
			taskId: notification.taskId,
			status: notification.status,
			resultUrl: notification.resultUrl,
			eventData: notification.eventData as IDataObject,
		};
		const binary: IBinaryKeyData = {};
		// Deprecated (see the field): regular mode only, kept so no workflow loses its file.
		if (read.boolean('downloadResult', 'Download Result') && notification.resultUrl) {
			try {
				const url = new URL(notification.resultUrl);
				if (url.protocol !== 'http:' && url.protocol !== 'https:') {
					throw new NodeOperationError(this.getNode(), 'resultUrl is not an http(s) URL');
				}
				const stream = await this.helpers.httpRequest({
					method: 'GET',
					url: url.toString(),
					encoding: 'stream',
				});
				const extension = extensionFromUrl(url.toString()) ?? 'mp4';
				const role = notification.event === EVENTS.video ? 'nobg' : 'animation';
				binary.data = await this.helpers.prepareBinaryData(
					stream,
					resultFileName(notification.taskId, role, extension),
					mimeForExtension(extension) ?? 'application/octet-stream',
				);
			} catch (error) {
				// The notification was genuine; keep the run and say what went wrong with the file.
				json.downloadError = (error as Error).message;
			}
		}
		return {
			noWebhookResponse: true,
			workflowData: [[{ json, ...(Object.keys(binary).length ? { binary } : {}) }]],
		};
	}
}
