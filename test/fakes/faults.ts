/**
 * Fault markers: a request asks a fake provider to fail by carrying one of these in an input file
 * name or URL. Nothing else does: a fake never fails a request because a name merely contains a
 * word such as `bad` or `fail`, since the nodes generate names (6 random hex characters before a
 * BackgroundRemoverAI upload, UUIDs, task IDs, signed-URL tokens) that contain such words by
 * chance (`7afbad-0-shoe.jpg`; issue 23).
 *
 * Every marker starts and ends with `__`: no hex string, UUID, item number or task ID contains an
 * underscore, and a marker must follow other characters in a BackgroundRemoverAI file name (the
 * node drops leading underscores from upload names), e.g. `shoe__fault-unprocessable__.png`.
 */
export const FAULT = {
	/**
	 * BackgroundRemoverAI: an upload whose file name carries it is listed in `failed` ("could not
	 * process file"). Runware: a task whose input URL carries it fails ("the model could not process
	 * this image"); other providers process it (the fallback example sends it on to Photoroom).
	 */
	unprocessable: '__fault-unprocessable__',
	/** Runware, Ximilar: an input URL carrying it cannot be downloaded by the provider. */
	download: '__fault-download__',
	/** Runware: a task whose input URL carries it gets a base64/data URI result image cut in half. */
	truncatedImage: '__fault-truncated-image__',
	/** Runware: a task whose input URL carries it gets neither a result nor an error (a lost reply). */
	noReply: '__fault-no-reply__',
	/** Cutout.pro: a video task whose `videoUrl` carries it ends as failed ("Video decode error"). */
	videoFails: '__fault-video-fails__',
	/** Cutout.pro: a Photo Animer task whose `imageUrl` carries it ends as failed ("No face detected"). */
	noFace: '__fault-no-face__',
} as const;

/** Whether `value` (a file name or URL) asks for `fault`. */
export function asksFor(value: string, fault: keyof typeof FAULT): boolean {
	return value.includes(FAULT[fault]);
}
