import type {Thresholds} from '../analyze/severity.js';
import type {Severity} from '../analyze/types.js';
import type {GraphStyle, ThemeName} from '../options.js';
import type {ChartOptions, ValuePaint} from './chart.js';
import type {PanelId} from './panels.js';

/** Wraps text in one semantic colour; the identity when colour is off. */
export type Paint = (text: string) => string;

/** What a flame graph frame is: its colour says kernel, JIT, inlined, user code, unresolved or a search match. */
export type FlameShade = 'user' | 'kernel' | 'jit' | 'inlined' | 'unknown' | 'match';

/** Where a percent chart turns to the warning colour, and to the critical one. */
export type ChartLevels = {
	readonly warning: number;
	readonly critical: number;
};

/** How charts are drawn: line or braille, and per panel the levels painted by severity. */
export type ChartLook = {
	readonly style: GraphStyle;
	readonly levels: Readonly<Partial<Record<PanelId, ChartLevels>>>;
};

/** Semantic colour tokens: components ask for meaning (`critical`, `dim`), never for a colour name. */
export type Theme = {
	readonly critical: Paint;
	readonly high: Paint;
	readonly medium: Paint;
	readonly ok: Paint;
	readonly dim: Paint;
	readonly accent: Paint;
	/** Reverse video: the focused panel's title and the picker's cursor, visible even without colour support. */
	readonly focus: Paint;
	/** The header in history mode: a recorded moment, never mistaken for the live one. */
	readonly history: Paint;
	/** A flame graph frame: `alternate` gives neighbours of one kind two shades, `dimmed` marks the zoomed frame's callers. */
	readonly flame: (shade: FlameShade, alternate: boolean, dimmed: boolean) => Paint;
	/** A chart cell by its height on the scale (0 bottom, 1 top); only themes with gradient charts have it. */
	readonly gradient?: (fraction: number) => Paint;
	/** Whether it draws with escape codes at all (colours or attributes); without, markers show focus. */
	readonly colour: boolean;
	readonly charts: ChartLook;
};

// Plain SGR codes rather than chalk: chalk decides on colour from the process's own stdout, but the
// dashboard's choice comes from --theme / --no-color / NO_COLOR and must give byte-free output when off.
function sgr(open: string, close: string): Paint {
	return text => (text === '' ? text : `\u001B[${open}m${text}\u001B[${close}m`);
}

const identity: Paint = text => text;

const lineCharts: ChartLook = {style: 'line', levels: {}};

/** A flame graph frame's two background shades per kind, as SGR background parameters. */
type FlameBackgrounds = Readonly<Record<FlameShade, readonly [string, string]>>;

function flamePainter(backgrounds: FlameBackgrounds): Theme['flame'] {
	return (shade, alternate, dimmed) => sgr(`30;${backgrounds[shade][alternate ? 1 : 0]}${dimmed ? ';2' : ''}`, '22;39;49');
}

// The 16-colour backgrounds nearest the flame graphs' warm palette: yellow for user code, red for the
// kernel, green for JIT; the bright variant is the alternate shade.
const ansiFlame = flamePainter({
	user: ['43', '103'],
	kernel: ['41', '101'],
	jit: ['42', '102'],
	inlined: ['46', '106'],
	unknown: ['47', '107'],
	match: ['45', '105'],
});

// 256-colour backgrounds in the warm palette flame graphs use (flamegraph.pl's hot, orange for the
// kernel, green for JIT), two shades each so neighbouring frames stay apart.
const paletteFlame = flamePainter({
	user: ['48;5;214', '48;5;221'],
	kernel: ['48;5;209', '48;5;203'],
	jit: ['48;5;114', '48;5;150'],
	inlined: ['48;5;80', '48;5;116'],
	unknown: ['48;5;250', '48;5;246'],
	match: ['48;5;201', '48;5;201'],
});

/** The terminal's own palette (SGR 30–37, 90–97): a user's dark or light scheme applies. */
export const colourTheme: Theme = {
	critical: sgr('91', '39'),
	high: sgr('31', '39'),
	medium: sgr('33', '39'),
	ok: sgr('32', '39'),
	dim: sgr('2', '22'),
	accent: sgr('36', '39'),
	focus: sgr('7', '27'),
	history: sgr('35', '39'),
	flame: ansiFlame,
	colour: true,
	charts: lineCharts,
};

/** Still the 16 colours, without yellow and faint text, which wash out on a white background. */
const lightTheme: Theme = {
	...colourTheme,
	critical: sgr('1;31', '22;39'),
	medium: sgr('35', '39'),
	dim: sgr('90', '39'),
	accent: sgr('34', '39'),
	// Medium is magenta here: history is bold, to stay apart from it.
	history: sgr('1;35', '22;39'),
};

/** Bold, bright and never faint; critical as white on red. */
const highContrastTheme: Theme = {
	...colourTheme,
	critical: sgr('1;97;41', '22;39;49'),
	high: sgr('1;91', '22;39'),
	medium: sgr('1;93', '22;39'),
	ok: sgr('1;92', '22;39'),
	dim: identity,
	accent: sgr('1;96', '22;39'),
	focus: sgr('1;7', '22;27'),
	history: sgr('1;95', '22;39'),
};

/** No colour, only attributes: critical in reverse video, high bold, medium underlined. */
const monoTheme: Theme = {
	...colourTheme,
	critical: sgr('1;7', '22;27'),
	high: sgr('1', '22'),
	medium: sgr('4', '24'),
	ok: identity,
	accent: sgr('1', '22'),
	history: sgr('1;4', '22;24'),
	flame: (shade, alternate, dimmed) => sgr(`${shade === 'match' ? '1;4;' : ''}${alternate ? '7' : '27'}${dimmed ? ';2' : ''}`, '22;24;27'),
};

type Rgb = readonly [number, number, number];

/** A colour as 24-bit SGR where the terminal says it has it (COLORTERM), else the nearest of the 256-colour cube. */
function foreground([red, green, blue]: Rgb, truecolour: boolean): string {
	if (truecolour) {
		return `38;2;${red};${green};${blue}`;
	}

	const level = (value: number) => Math.round((value / 255) * 5);
	return `38;5;${16 + (36 * level(red)) + (6 * level(green)) + level(blue)}`;
}

/** Green at the bottom of a chart through yellow to red at the top, as btop's CPU graph. */
const gradientStops: readonly Rgb[] = [[80, 200, 120], [230, 200, 60], [230, 70, 70]];
/** Gradient steps: few enough that neighbouring cells share a colour and one escape pair (bytes to the terminal). */
const gradientSteps = 8;

function gradientColour(fraction: number): Rgb {
	const position = Math.min(1, Math.max(0, fraction)) * (gradientStops.length - 1);
	const index = Math.min(gradientStops.length - 2, Math.floor(position));
	const [from, to] = [gradientStops[index]!, gradientStops[index + 1]!];
	const share = position - index;
	return [0, 1, 2].map(channel => Math.round(from[channel]! + ((to[channel]! - from[channel]!) * share))) as unknown as Rgb;
}

function gradientTheme(truecolour: boolean): Theme {
	const paint = (rgb: Rgb) => sgr(foreground(rgb, truecolour), '39');
	const steps = Array.from({length: gradientSteps}, (_unused, step) => paint(gradientColour(step / (gradientSteps - 1))));
	return {
		...colourTheme,
		critical: paint([255, 85, 85]),
		high: paint([255, 135, 0]),
		medium: paint([255, 215, 0]),
		ok: paint([95, 215, 95]),
		accent: paint([95, 175, 255]),
		history: paint([200, 120, 255]),
		flame: paletteFlame,
		gradient: fraction => steps[Math.round(Math.min(1, Math.max(0, fraction)) * (gradientSteps - 1))]!,
	};
}

/** NO_COLOR / --no-color: not one escape code. Focus stays visible through a marker the panels add themselves. */
export const plainTheme: Theme = {
	critical: identity,
	high: identity,
	medium: identity,
	ok: identity,
	dim: identity,
	accent: identity,
	focus: identity,
	history: identity,
	flame: () => identity,
	colour: false,
	charts: lineCharts,
};

export type ThemeOptions = {
	readonly name?: ThemeName;
	/** --no-color or NO_COLOR: wins over any theme. */
	readonly noColor: boolean;
	readonly charts?: ChartLook;
	/** The terminal takes 24-bit colour (COLORTERM=truecolor or 24bit); else the gradient theme uses 256 colours. */
	readonly truecolour?: boolean;
};

export function createTheme({name = 'default', noColor, charts = lineCharts, truecolour = false}: ThemeOptions): Theme {
	const themes: Record<ThemeName, () => Theme> = {
		default: () => colourTheme,
		light: () => lightTheme,
		'high-contrast': () => highContrastTheme,
		mono: () => monoTheme,
		gradient: () => gradientTheme(truecolour),
	};
	return {...(noColor ? plainTheme : themes[name]()), charts};
}

/** Whether COLORTERM says the terminal takes 24-bit colour. */
export function hasTruecolour(env: Readonly<Record<string, string | undefined>>): boolean {
	return /^(truecolor|24bit)$/i.test(env['COLORTERM'] ?? '');
}

/**
 * Where the CPU, memory and disk charts change colour: the warning colour from where utilization scores
 * its second point (60 %), the critical colour above the resource's alert threshold (CPU 80 %, memory 85 %).
 */
export function chartLevels(thresholds: Thresholds): ChartLook['levels'] {
	const {bottleneck} = thresholds;
	const level = (alert: number): ChartLevels => ({warning: Math.min(thresholds.utilizationPct.two, alert), critical: alert});
	return {
		cpu: level(bottleneck.alertPctByKind.cpu ?? bottleneck.utilizationPct),
		memory: level(bottleneck.alertPctByKind.memory ?? bottleneck.utilizationPct),
		disk: level(bottleneck.utilizationPct),
	};
}

/** What the theme decides of a chart: its style, its cells' colours (the panel's levels, if any) and its band's. */
export function themedChart(theme: Theme, panel?: PanelId): Pick<ChartOptions, 'style' | 'valuePaint' | 'bandPaint'> {
	const valuePaint = chartPaint(theme, panel === undefined ? undefined : theme.charts.levels[panel]);
	return {style: theme.charts.style, bandPaint: theme.dim, ...(valuePaint === undefined ? {} : {valuePaint})};
}

/**
 * A chart's cell colours: above the critical level the critical colour, above the warning level the
 * warning (MEDIUM) one, so a chart shows where a resource neared and crossed its alert threshold; else
 * the theme's gradient.
 */
function chartPaint(theme: Theme, levels: ChartLevels | undefined): ValuePaint | undefined {
	const {gradient} = theme;
	if (levels === undefined && gradient === undefined) {
		return undefined;
	}

	return (value, fraction) => {
		if (levels !== undefined && value >= levels.critical) {
			return theme.critical;
		}

		if (levels !== undefined && value >= levels.warning) {
			return theme.medium;
		}

		return gradient?.(fraction);
	};
}

export function severityPaint(theme: Theme, severity: Severity | undefined): Paint {
	switch (severity) {
		case 'CRITICAL': {
			return theme.critical;
		}

		case 'HIGH': {
			return theme.high;
		}

		case 'MEDIUM': {
			return theme.medium;
		}

		case 'LOW': {
			return theme.ok;
		}

		default: {
			return theme.dim;
		}
	}
}
