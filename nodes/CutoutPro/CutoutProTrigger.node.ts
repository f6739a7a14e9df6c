import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { readmeSection } from '../shared/descriptions';
import { webhookParameters } from '../shared/parameters';
import { checkNotification, EVENT_NAMES, EVENTS, EXAMPLE_TOKEN } from './trigger/notification';
import { isRepeat, MAX_REMEMBERED } from './trigger/repeats';
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
				displayName:
					'No Secret Token is set: anyone who learns this URL can start this workflow with any task ID, status and result URL. Set a long random token (e.g. the output of "openssl rand -hex 32") and add ?token=YOUR_TOKEN to the URL in Cutout.pro.',
				name: 'noTokenNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { secretToken: [''] } },
			},
			{
				displayName:
					'The Secret Token is still the example\'s placeholder, which anyone can read: n8n will not publish or listen with it. Set your own long random token (e.g. the output of "openssl rand -hex 32").',
				name: 'exampleTokenNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { secretToken: [EXAMPLE_TOKEN] } },
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
				displayName: 'Ignore Repeats',
				name: 'ignoreRepeats',
				type: 'boolean',
				default: false,
				description: `Whether to start the workflow only once when Cutout.pro sends the same notification (event, task ID and status) again within 24 hours. The last ${MAX_REMEMBERED.toLocaleString('en-US')} notifications are remembered in the workflow's static data.`,
			},
			{
				displayName:
					'To get the finished file, connect Cutout.pro → Video: Get Task (for Photo Animer tasks, Photo Animation: Get Task) with Task ID set to {{ $json.taskId }} and Download Result on. It downloads during the execution, on a worker in queue mode, and the editor can open the file.',
				name: 'getTaskNotice',
				type: 'notice',
				default: '',
			},
		],
	};

	// Cutout.pro has no API to register a webhook: the URL is pasted in the account settings.
	// These lifecycle methods report it as registered and change nothing at the provider.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				// n8n asks this when the workflow is published and when the editor listens: the place to
				// refuse the token every copy of the example shares (the field is masked in the editor).
				if (webhookParameters(this).optionalText('secretToken', 'Secret Token') === EXAMPLE_TOKEN)
					throw new NodeOperationError(
						this.getNode(),
						"The Secret Token is still the example's placeholder, which anyone can read",
						{
							itemIndex: 0,
							description:
								'Open the Cutout.pro Trigger, set Secret Token to your own long random token (e.g. the output of "openssl rand -hex 32") and add ?token=YOUR_TOKEN to the notification URL in your Cutout.pro account.',
						},
					);
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
			body: (request as { rawBody?: Buffer }).rawBody ?? this.getBodyData(),
			secret: read.optionalText('secretToken', 'Secret Token') ?? '',
		});
		if (!verdict.ok) {
			response.status(verdict.status).json({ error: verdict.message });
			return { noWebhookResponse: true };
		}
		const { notification } = verdict;
		const events = read.optionList('events', 'Events', Object.values(EVENTS));
		// Answer at once: the provider only needs an acknowledgement.
		response.status(200).json({ received: true });
		if (!events.includes(notification.event)) return { noWebhookResponse: true };
		if (
			read.boolean('ignoreRepeats', 'Ignore Repeats') &&
			isRepeat(this.getWorkflowStaticData('node'), notification, Date.now())
		)
			return { noWebhookResponse: true };

		const json: IDataObject = {
			provider: PROVIDER_ID,
			event: notification.event,
			taskId: notification.taskId,
			status: notification.status,
			resultUrl: notification.resultUrl,
			eventData: notification.eventData as IDataObject,
		};
		return {
			noWebhookResponse: true,
			workflowData: [[{ json }]],
		};
	}
}
