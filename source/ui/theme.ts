import type {Severity} from '../analyze/types.js';

/** Wraps text in one semantic colour; the identity when colour is off. */
export type Paint = (text: string) => string;

/** What a flame graph frame is: its colour says kernel, JIT, inlined, user code, unresolved or a search match. */
export type FlameShade = 'user' | 'kernel' | 'jit' | 'inlined' | 'unknown' | 'match';

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
	/** A flame graph frame: `alternate` gives neighbours of one kind two shades, `dimmed` marks the zoomed frame's callers. */
	readonly flame: (shade: FlameShade, alternate: boolean, dimmed: boolean) => Paint;
	readonly colour: boolean;
};

// Plain SGR codes rather than chalk: chalk decides on colour from the process's own stdout, but the
// dashboard's choice comes from --no-color / NO_COLOR and must give byte-free output when off.
function sgr(open: number, close: number): Paint {
	return text => (text === '' ? text : `\u001B[${open}m${text}\u001B[${close}m`);
}

const identity: Paint = text => text;

// 256-colour backgrounds in the warm palette flame graphs use (flamegraph.pl's hot, orange for the
// kernel, green for JIT), black text; two shades each so neighbouring frames stay apart.
const flameBackgrounds: Record<FlameShade, readonly [number, number]> = {
	user: [214, 221],
	kernel: [209, 203],
	jit: [114, 150],
	inlined: [80, 116],
	unknown: [250, 246],
	match: [201, 201],
};

function flamePaint(shade: FlameShade, alternate: boolean, dimmed: boolean): Paint {
	const background = flameBackgrounds[shade][alternate ? 1 : 0];
	return text => (text === '' ? text : `\u001B[30;48;5;${background}${dimmed ? ';2' : ''}m${text}\u001B[22;39;49m`);
}

export const colourTheme: Theme = {
	critical: sgr(91, 39),
	high: sgr(31, 39),
	medium: sgr(33, 39),
	ok: sgr(32, 39),
	dim: sgr(2, 22),
	accent: sgr(36, 39),
	focus: sgr(7, 27),
	flame: flamePaint,
	colour: true,
};

/** NO_COLOR / --no-color: not one escape code. Focus stays visible through a marker the panels add themselves. */
export const plainTheme: Theme = {
	critical: identity,
	high: identity,
	medium: identity,
	ok: identity,
	dim: identity,
	accent: identity,
	focus: identity,
	flame: () => identity,
	colour: false,
};

export function createTheme(noColor: boolean): Theme {
	return noColor ? plainTheme : colourTheme;
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
