import {Box, Text} from 'ink';
import type {ProcessSample} from '../../metrics/types.js';
import {processColumns, processRows, processSortLabels, type ProcessSort} from '../sections.js';
import {rule} from '../text.js';
import type {Theme} from '../theme.js';
import {Table} from './Table.js';

export type Props = {
	readonly processes: readonly ProcessSample[];
	readonly sort: ProcessSort;
	readonly width: number;
	/** Lines including the title rule and the column header. */
	readonly height: number;
	readonly theme: Theme;
};

export function ProcessTable({processes, sort, width, height, theme}: Props) {
	return (
		<Box flexDirection="column">
			<Text>{theme.dim(rule(`Top processes by ${processSortLabels[sort]} (o: sort)`, width))}</Text>
			{height > 1 ? <Table columns={processColumns(sort)} rows={processRows(processes, sort, height - 2)} width={width} theme={theme}/> : null}
		</Box>
	);
}
