import {Text} from 'ink';
import {processSignals} from '../../engine/process-signals.js';
import {panelIds} from '../panels.js';
import {secondConfirmation, targetText} from '../process-actions.js';
import {truncate} from '../text.js';
import type {Theme} from '../theme.js';
import {pickerItems, type ViewState} from '../view-state.js';
import {CgroupView} from './CgroupView.js';
import {CompactView} from './CompactView.js';
import {DetailView} from './DetailView.js';
import {HelpOverlay} from './HelpOverlay.js';
import {MainView} from './MainView.js';
import {Picker} from './Picker.js';
import {ProcessDetail} from './ProcessDetail.js';
import {ProfileView} from './ProfileView.js';

export type Props = {
	readonly state: ViewState;
	readonly compact: boolean;
	/** This perftop's pid: the signal menu warns before signalling it. */
	readonly ownPid: number;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

/** Between header and footer: an overlay, the profile view, or the view of the snapshot on screen. */
export function DashboardBody({state, compact, ownPid, width, height, theme}: Props) {
	const {snapshot, overlay} = state;
	if (snapshot === undefined) {
		return <Text>{truncate('Waiting for the first reading…', width)}</Text>;
	}

	switch (overlay.kind) {
		case 'help': {
			return <HelpOverlay width={width} height={height} offset={overlay.offset} theme={theme}/>;
		}

		case 'baselinePicker': {
			return <Picker title="Compare against baseline (Enter selects, Esc cancels)" items={pickerItems(overlay)!} index={overlay.index} width={width} height={height} theme={theme}/>;
		}

		case 'signal': {
			const {target, index, confirming} = overlay;
			const warning = confirming ? secondConfirmation(target, ownPid) : undefined;
			const title = warning === undefined
				? `Signal ${targetText(target)} (Enter sends, Esc cancels)`
				: `${warning}: Enter again sends ${processSignals[index]!} to ${targetText(target)}, Esc cancels`;
			return <Picker title={title} titlePaint={warning === undefined ? undefined : theme.critical} items={pickerItems(overlay)!} index={index} width={width} height={height} theme={theme}/>;
		}

		case 'userPicker': {
			return <Picker title="Show the processes of (Enter picks, Esc cancels)" items={pickerItems(overlay)!} index={overlay.index} width={width} height={height} theme={theme}/>;
		}

		default: {
			break;
		}
	}

	if (state.profile?.phase === 'open') {
		return <ProfileView data={state.profile.data} cursor={state.profile.cursor} width={width} height={height} theme={theme}/>;
	}

	if (state.cgroups !== undefined && !compact) {
		return <CgroupView view={state.cgroups} snapshot={snapshot} width={width} height={height} theme={theme}/>;
	}

	if (compact) {
		return <CompactView snapshot={snapshot} width={width} height={height} theme={theme}/>;
	}

	if (state.inspected !== undefined) {
		return <ProcessDetail inspected={state.inspected} snapshot={snapshot} width={width} height={height} theme={theme}/>;
	}

	if (state.detail) {
		return <DetailView id={panelIds[state.focus]!} snapshot={snapshot} width={width} height={height} theme={theme}/>;
	}

	return <MainView snapshot={snapshot} focus={state.focus} table={state.table} editing={overlay.kind === 'filter'} netInterface={state.netInterface} width={width} height={height} theme={theme}/>;
}
