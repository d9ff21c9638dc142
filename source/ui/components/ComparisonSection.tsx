import {Text} from 'ink';
import type {Comparison} from '../../engine/types.js';
import {comparisonLines} from '../comparison.js';
import type {Theme} from '../theme.js';

export type Props = {
	readonly comparison: Comparison;
	readonly width: number;
	/** Lines, title included. */
	readonly height: number;
	readonly theme: Theme;
};

/** The "vs baseline" section of the main view, as one Text node. */
export function ComparisonSection({comparison, width, height, theme}: Props) {
	return <Text>{comparisonLines(comparison, width, height, theme).join('\n')}</Text>;
}
