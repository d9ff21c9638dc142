// Layout works in terminal cells. Every string laid out here is plain (colour is added after fitting),
// and `cleanText` keeps it to one-cell characters, so a string's length is its width on screen.

const ellipsis = '…';

/**
 * Process names and commands come from other users' processes: control characters would move the
 * cursor, and wide (CJK, emoji) characters would break column alignment; both become '?'.
 */
export function cleanText(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replaceAll(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\u0000-\u001F\u007F-\u009F\u1100-\u115F\u2E80-\uFFFF]/g, '?');
}

/** Cut to `width` cells, marking a cut with '…'. */
export function truncate(text: string, width: number): string {
	if (width <= 0) {
		return '';
	}

	if (text.length <= width) {
		return text;
	}

	return width === 1 ? ellipsis : text.slice(0, width - 1) + ellipsis;
}

/** Exactly `width` cells: truncated or padded on the right (align 'left') or left (align 'right'). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	const cut = truncate(text, width);
	const pad = ' '.repeat(Math.max(0, width - cut.length));
	return align === 'left' ? cut + pad : pad + cut;
}

/** Join parts with two spaces, dropping parts that would not fit whole rather than cutting one in half. */
export function joinFitting(parts: readonly string[], width: number, separator = '  '): string {
	let line = '';
	for (const part of parts) {
		if (part === '') {
			continue;
		}

		const next = line === '' ? part : line + separator + part;
		if (next.length > width) {
			break;
		}

		line = next;
	}

	return line === '' && parts.length > 0 ? truncate(parts.find(part => part !== '') ?? '', width) : line;
}

/** A title rule: `── CPU ─────────`, `width` cells long. */
export function rule(title: string, width: number): string {
	if (width <= 0) {
		return '';
	}

	const head = `── ${title} `;
	return head.length >= width ? truncate(head, width) : head + '─'.repeat(width - head.length);
}
