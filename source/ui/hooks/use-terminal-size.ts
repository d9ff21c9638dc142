import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export type TerminalSize = {
	readonly columns: number;
	readonly rows: number;
};

// What a terminal that reports no size (a pipe, some test doubles) is taken to be: the classic VT100.
const fallback: TerminalSize = {columns: 80, rows: 24};

function read(stdout: NodeJS.WriteStream): TerminalSize {
	const columns = stdout.columns;
	const rows = stdout.rows;
	return {
		columns: Number.isFinite(columns) && columns > 0 ? columns : fallback.columns,
		rows: Number.isFinite(rows) && rows > 0 ? rows : fallback.rows,
	};
}

/** The terminal's size, updated on every 'resize' so the layout reflows at once. */
export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => read(stdout));
	useEffect(() => {
		const onResize = () => {
			const next = read(stdout);
			setSize(current => (current.columns === next.columns && current.rows === next.rows ? current : next));
		};

		stdout.on('resize', onResize);
		onResize();
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}
