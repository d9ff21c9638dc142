import {Text} from 'ink';
import {useKeymap} from '../hooks/use-keymap.js';
import {footerHints, type HintContext, type KeyContext} from '../keymap.js';
import {cleanText, joinFitting, truncate} from '../text.js';
import type {Theme} from '../theme.js';

export type Props = {
	readonly context: KeyContext;
	/** Paused, compact: what changes the hints besides the view. */
	readonly hints?: HintContext;
	readonly status: string | undefined;
	readonly width: number;
	readonly theme: Theme;
};

const separator = ' · ';
const minimumHintsWidth = 10;

/** The last status message first (it is news), then the key hints that apply in this view. */
export function Footer({context, hints: hintContext, status, width, theme}: Props) {
	const hints = footerHints(context, hintContext, useKeymap());
	if (status === undefined) {
		return <Text>{theme.dim(joinFitting(hints, width))}</Text>;
	}

	// Error messages from actions may carry newlines; the footer is one line.
	const message = truncate(cleanText(status), width);
	const room = width - message.length - separator.length;
	const rest = room >= minimumHintsWidth ? joinFitting(hints, room) : '';
	return <Text>{theme.accent(message) + (rest === '' ? '' : theme.dim(separator + rest))}</Text>;
}
