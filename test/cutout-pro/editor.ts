/** Cutout.pro's expectations in the editor suite (test/suites/editor.ts). */
import type { EditorRows } from '../suites/editor';

export const editor: EditorRows = {
	ownOptionsActOn: {
		allowPrivateFileUrl: ['video.removeBackground', 'video.createPreview', 'photo.animate'],
	},
	searchPhrases: [
		'Cutout.pro',
		'cutout pro',
		'photo animation',
		'photo animer',
		'animate face',
		'animate photo',
	],
};
