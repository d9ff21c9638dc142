// A dashboard-shaped Ink app for measuring Ink itself: a header, four bordered panels each with an
// asciichart line chart, a bottleneck list, a 15-row process table and a footer on a 160x48 screen, every
// value changing each frame. bench/ui.ts bundles it with and without scripts/ink/ patches and runs it:
//   node --expose-gc synthetic.js frames <n>        CPU ms per frame and bytes per frame
//   node --expose-gc synthetic.js soak <n>          heap after GC, sampled along n frames
//   node synthetic.js stream <n>                    every frame's full text (debug mode), for equality checks
// It prints one JSON document on stdout; the app itself writes to an in-memory terminal.
import process from 'node:process';
import {PassThrough, Writable} from 'node:stream';
import {setTimeout as sleep} from 'node:timers/promises';
import {plot} from 'asciichart';
import {Box, render, Text} from 'ink';
import {createRandom} from '../test/build/random-text.js';

const columns = 160;
const rows = 48;
const chartHeight = 6;
const historyLength = 120;
const tableRows = 15;

type Severity = 'ok' | 'medium' | 'high' | 'critical';

const severityColour: Record<Severity, string> = {ok: 'green', medium: 'yellow', high: 'magenta', critical: 'red'};

type Panel = {
	readonly title: string;
	readonly headline: string;
	readonly use: string;
	readonly severity: Severity;
	readonly chart: string;
};

type Frame = {
	readonly clock: string;
	readonly panels: readonly Panel[];
	readonly bottlenecks: readonly string[];
	readonly table: string;
};

/** mulberry32: a small seeded generator, so that stock and patched runs see the same frames. */

function severityOf(percent: number): Severity {
	return percent >= 90 ? 'critical' : (percent >= 70 ? 'high' : (percent >= 50 ? 'medium' : 'ok'));
}

function createFrames(seed: number): (index: number) => Frame {
	const random = createRandom(seed);
	const names = ['CPU', 'Memory', 'Disk sda', 'Network eth0'];
	const histories = names.map(() => Array.from({length: historyLength}, () => random() * 100));
	const commands = ['postgres: writer', 'node server.js', 'nginx: worker', 'java -jar app.jar', 'python3 etl.py', 'redis-server *:6379', 'kworker/u4:2', 'sshd: ops', 'containerd', 'systemd-journald'];
	return index => {
		for (const history of histories) {
			history.shift();
			history.push(Math.max(0, Math.min(100, (history.at(-1) ?? 50) + ((random() - 0.5) * 30))));
		}

		const panels = names.map((title, panelIndex): Panel => {
			const history = histories[panelIndex]!;
			const current = history.at(-1) ?? 0;
			const saturation = random() * 4;
			return {
				title,
				headline: `${current.toFixed(1)} %  load ${(saturation * 2).toFixed(2)}  ${Math.round(random() * 9000)} ops/s`,
				use: `U ${current.toFixed(0)} %  S ${saturation.toFixed(2)}  E ${Math.floor(random() * 3)}`,
				severity: severityOf(current),
				chart: plot(history.slice(-30), {height: chartHeight, min: 0, max: 100, format: value => value.toFixed(0).padStart(3)}),
			};
		});
		const ranked = [...panels].sort((a, b) => b.severity.localeCompare(a.severity));
		const bottlenecks = ranked.slice(0, 3).map(panel => `${panel.severity.toUpperCase().padEnd(8)} ${panel.title.padEnd(14)} busy ${panel.headline}  — top: ${commands[Math.floor(random() * commands.length)]!}`);
		const header = `${'PID'.padStart(7)}  ${'USER'.padEnd(10)} ${'CPU%'.padStart(6)} ${'RSS'.padStart(9)} ${'IO/s'.padStart(9)}  S  COMMAND`;
		const tableLines = Array.from({length: tableRows}, (_, row) => {
			const pid = 1000 + (row * 37);
			return `${String(pid).padStart(7)}  ${'app'.padEnd(10)} ${(random() * 100).toFixed(1).padStart(6)} ${`${(random() * 900).toFixed(0)} MB`.padStart(9)} ${`${(random() * 50).toFixed(1)} MB`.padStart(9)}  ${random() > 0.8 ? 'D' : 'S'}  ${commands[row % commands.length]!}`;
		});
		return {
			clock: `12:${String(Math.floor(index / 60) % 60).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}`,
			panels,
			bottlenecks,
			table: [header, ...tableLines].join('\n'),
		};
	};
}

function PanelView({panel}: {readonly panel: Panel}) {
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={severityColour[panel.severity]} width={columns / 4} paddingX={1}>
			<Text bold>{panel.title}</Text>
			<Text>{panel.headline}</Text>
			<Text color={severityColour[panel.severity]}>{panel.use}</Text>
			<Text color="cyan">{panel.chart}</Text>
		</Box>
	);
}

function SyntheticDashboard({frame}: {readonly frame: Frame}) {
	return (
		<Box flexDirection="column" width={columns} height={rows - 1}>
			<Text>
				<Text bold>perftop</Text> box-01 · Linux 6.8 · up 12d 3h · 2 cores · 1 s · {frame.clock} · <Text color="red">● rec</Text>
			</Text>
			<Box>
				{frame.panels.map(panel => <PanelView key={panel.title} panel={panel}/>)}
			</Box>
			<Box flexDirection="column" borderStyle="single" paddingX={1}>
				<Text bold>Bottlenecks</Text>
				{frame.bottlenecks.map(line => <Text key={line.slice(0, 24)} color="yellow">{line}</Text>)}
			</Box>
			<Box flexDirection="column" borderStyle="single" paddingX={1}>
				<Text bold>Processes (by CPU)</Text>
				<Text>{frame.table}</Text>
			</Box>
			<Text dimColor>Tab focus · Enter detail · o sort · p pause · +/- interval · s snapshot · ? help · q quit</Text>
		</Box>
	);
}

type Terminal = {
	readonly stdout: NodeJS.WriteStream;
	readonly written: () => number;
	readonly text: () => string;
};

/** An in-memory 160x48 TTY that counts (and optionally keeps) what Ink writes. */
function createTerminal(keep: boolean): Terminal {
	let bytes = 0;
	const chunks: string[] = [];
	const stream = new Writable({
		write(chunk: Buffer | string, _encoding, callback) {
			bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
			if (keep) {
				chunks.push(chunk.toString());
			}

			callback();
		},
	});
	Object.assign(stream, {columns, rows, isTTY: true});
	return {stdout: stream as unknown as NodeJS.WriteStream, written: () => bytes, text: () => chunks.join('')};
}

function collectGarbage(): void {
	const gc = (globalThis as {gc?: () => void}).gc;
	if (!gc) {
		throw new Error('run with node --expose-gc');
	}

	gc();
	gc();
}

type Mode = 'frames' | 'soak' | 'stream';

async function main(mode: Mode, frames: number): Promise<unknown> {
	const next = createFrames(42);
	const terminal = createTerminal(mode === 'stream');
	const stdin = Object.assign(new PassThrough(), {isTTY: false}) as unknown as NodeJS.ReadStream;
	// Debug mode writes every frame whole and synchronously: the stream mode compares Ink's output
	// stage exactly. The other modes use Ink's normal path (throttle, log-update), as the dashboard does.
	const instance = render(<SyntheticDashboard frame={next(0)}/>, {
		stdout: terminal.stdout,
		stdin,
		debug: mode === 'stream',
		exitOnCtrlC: false,
		patchConsole: false,
		maxFps: 1000,
	});
	const step = async (index: number) => {
		instance.rerender(<SyntheticDashboard frame={next(index)}/>);
		// Lets Ink's 1 ms render throttle and its trailing write run before the next frame.
		await sleep(2);
	};

	let result: unknown;
	if (mode === 'soak') {
		const warmupFrames = Math.min(2000, Math.floor(frames / 4));
		// Many samples across many cache generations, so that the caches' sawtooth averages out of the slope.
		const sampleEvery = Math.max(1, Math.floor((frames - warmupFrames) / 200));
		for (let index = 1; index <= warmupFrames; index++) {
			await step(index);
		}

		const samples: Array<[number, number]> = [];
		for (let index = warmupFrames + 1; index <= frames; index++) {
			await step(index);
			if ((index - warmupFrames) % sampleEvery === 0) {
				collectGarbage();
				samples.push([index, process.memoryUsage().heapUsed]);
			}
		}

		result = {samples};
	} else if (mode === 'frames') {
		const warmupFrames = Math.min(50, Math.floor(frames / 5));
		for (let index = 1; index <= warmupFrames; index++) {
			await step(index);
		}

		const bytesBefore = terminal.written();
		const before = process.cpuUsage();
		for (let index = warmupFrames + 1; index <= frames; index++) {
			await step(index);
		}

		const used = process.cpuUsage(before);
		const measured = frames - warmupFrames;
		result = {
			cpuMsPerFrame: (used.user + used.system) / 1000 / measured,
			bytesPerFrame: (terminal.written() - bytesBefore) / measured,
			rssMb: process.memoryUsage().rss / 1024 / 1024,
		};
	} else {
		for (let index = 1; index < frames; index++) {
			await step(index);
		}

		result = {text: terminal.text()};
	}

	instance.unmount();
	return result;
}

const [mode = 'frames', framesText = '200'] = process.argv.slice(2);
if (mode !== 'frames' && mode !== 'soak' && mode !== 'stream') {
	throw new Error(`unknown mode ${mode}`);
}

process.stdout.write(`${JSON.stringify(await main(mode, Number(framesText)))}\n`);
