import {Text} from 'ink';
import type {ProfileViewData} from '../../profile/profile-files.js';
import {profileViewLines, type FlameCursor} from '../flame-view.js';
import type {Theme} from '../theme.js';

export type Props = {
	readonly data: ProfileViewData;
	readonly cursor: FlameCursor;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

/** A finished profile: hot functions and the terminal flame graph (icicle). */
export function ProfileView({data, cursor, width, height, theme}: Props) {
	return <Text>{profileViewLines(data, cursor, width, height, theme).join('\n')}</Text>;
}
