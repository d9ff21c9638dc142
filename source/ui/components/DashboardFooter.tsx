import {Text} from 'ink';
import {keyContext} from '../key-context.js';
import {secondConfirmation, targetText} from '../process-actions.js';
import {truncate} from '../text.js';
import type {Theme} from '../theme.js';
import type {ViewState} from '../view-state.js';
import {Footer} from './Footer.js';

export type Props = {
	readonly state: ViewState;
	readonly compact: boolean;
	/** This perftop's pid: renicing it asks twice, and the prompt says why. */
	readonly ownPid: number;
	/** The footer's message, if one is showing; the key hints otherwise. */
	readonly status: string | undefined;
	readonly width: number;
	readonly theme: Theme;
};

/** The bottom line: a prompt being answered (baseline name, replace, renice, go to), else the footer. */
export function DashboardFooter({state, compact, ownPid, status, width, theme}: Props) {
	const {overlay} = state;
	if (overlay.kind === 'baselineName') {
		// The suggestion shows as selected text: the first key typed replaces it.
		const name = overlay.prefilled ? `${overlay.name} (typing replaces it)` : `${overlay.name}_`;
		const keys = 'Enter saves, Ctrl-U clears, Esc cancels';
		const plain = `Baseline name: ${name}  ${keys}`;
		return plain.length > width
			? <Text>{truncate(plain, width)}</Text>
			: <Text>{theme.accent('Baseline name: ')}{overlay.prefilled ? theme.focus(overlay.name) : name}{overlay.prefilled ? theme.accent(name.slice(overlay.name.length)) : ''}  {theme.accent(keys)}</Text>;
	}

	if (overlay.kind === 'baselineReplace') {
		return <Text>{theme.accent(truncate(`Baseline '${overlay.name}' exists — replace it? y replaces, n renames, Esc cancels`, width))}</Text>;
	}

	if (overlay.kind === 'renice') {
		const {target, text, confirming} = overlay;
		const warning = confirming ? secondConfirmation(target, ownPid) : undefined;
		const prompt = warning === undefined
			? `Renice ${targetText(target)} to: ${text}_  (-20 … 19; Enter sets, Esc cancels)`
			: `${warning}: Enter again renices ${targetText(target)} to ${text}, Esc cancels`;
		return <Text>{(warning === undefined ? theme.accent : theme.critical)(truncate(prompt, width))}</Text>;
	}

	if (overlay.kind === 'goTo') {
		return <Text>{theme.accent(truncate(`Go to: ${overlay.text}_  (03:12, -90m, yesterday 14:00, ISO; Enter goes, Esc cancels)`, width))}</Text>;
	}

	return <Footer context={keyContext(state, compact)} hints={{paused: state.paused, compact}} status={status} width={width} theme={theme}/>;
}
