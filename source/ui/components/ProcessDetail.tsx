import {Text} from 'ink';
import type {Snapshot} from '../../engine/types.js';
import {processDetailSections} from '../process-detail.js';
import {cleanText, rule} from '../text.js';
import type {Theme} from '../theme.js';
import type {Inspected} from '../view-state.js';
import {panelTitle} from './ResourcePanel.js';

export type Props = {
	/** The process as last seen; once it has exited the view keeps its last reading and says so. */
	readonly inspected: Inspected;
	readonly snapshot: Snapshot;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

/** A process's detail view (Enter on the process table): its sections one under another, cut at `height`. */
export function ProcessDetail({inspected, snapshot, width, height, theme}: Props) {
	const {process, alive, history} = inspected;
	const title = `${process.pid} ${cleanText(process.name)} — detail${alive ? '' : ' (exited; last reading)'}`;
	const lines = [(alive ? theme.accent : theme.high)(panelTitle(title, width, true))];
	for (const [index, section] of processDetailSections({process, alive, history, snapshot}, width, theme).entries()) {
		if (index > 0) {
			lines.push(theme.dim(rule(section.title, width)));
		}

		lines.push(...section.lines);
	}

	return <Text>{lines.slice(0, Math.max(1, height)).join('\n')}</Text>;
}
