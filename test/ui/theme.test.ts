import {describe, expect, it} from 'vitest';
import {themeNames} from '../../source/options.js';
import {chartLevels, createTheme, hasTruecolour, type Theme, themedChart} from '../../source/ui/theme.js';
import {defaultThresholds, resolveThresholds} from '../../source/analyze/severity.js';

/** Every SGR parameter list a theme writes for its tokens and flame shades. */
function codesOf(theme: Theme): string[] {
	const paints = [theme.critical, theme.high, theme.medium, theme.ok, theme.dim, theme.accent, theme.focus];
	const flames = (['user', 'kernel', 'jit', 'inlined', 'unknown', 'match'] as const).flatMap(shade => [false, true].flatMap(alternate => [false, true].map(dimmed => theme.flame(shade, alternate, dimmed))));
	return [...paints, ...flames].flatMap(paint => [...paint('x').matchAll(/\u001B\[([\d;]*)m/g)].map(match => match[1]!));
}

/** Colour parameters of the 256-colour or 24-bit kind (38;5 / 48;2 …), as opposed to the terminal's 16. */
const paletteColour = /(^|;)[34]8;[25];/;

describe('themes', () => {
	it('the default theme uses only the terminal\'s 16 colours, so the user\'s own scheme applies', () => {
		const codes = codesOf(createTheme({noColor: false}));
		expect(codes.length).toBeGreaterThan(0);
		expect(codes.filter(code => paletteColour.test(code))).toEqual([]);
		for (const name of ['light', 'high-contrast', 'mono'] as const) {
			expect(codesOf(createTheme({name, noColor: false})).filter(code => paletteColour.test(code))).toEqual([]);
		}
	});

	it('mono draws with attributes only, no colour at all', () => {
		const codes = codesOf(createTheme({name: 'mono', noColor: false})).flatMap(code => code.split(';'));
		expect(codes.filter(code => /^(3\d|4\d|9\d|10\d)$/.test(code))).toEqual([]);
	});

	it('NO_COLOR and --no-color win over every theme: not one escape code', () => {
		for (const name of themeNames) {
			const theme = createTheme({name, noColor: true, charts: {style: 'braille', levels: {cpu: {warning: 60, critical: 80}}}});
			expect(codesOf(theme)).toEqual([]);
			const paint = themedChart(theme, 'cpu').valuePaint;
			expect(paint === undefined ? 'x' : (paint(95, 0.95) ?? ((text: string) => text))('x')).toBe('x');
		}
	});

	it('the gradient theme writes 24-bit colour where COLORTERM says so, else the 256-colour cube', () => {
		expect(createTheme({name: 'gradient', noColor: false, truecolour: true}).critical('x')).toContain('38;2;255;85;85');
		expect(createTheme({name: 'gradient', noColor: false, truecolour: false}).critical('x')).toMatch(/38;5;\d+m/);
		expect(hasTruecolour({COLORTERM: 'truecolor'})).toBe(true);
		expect(hasTruecolour({COLORTERM: '24bit'})).toBe(true);
		expect(hasTruecolour({})).toBe(false);
	});
});

describe('chart colours', () => {
	const theme = createTheme({noColor: false, charts: {style: 'line', levels: chartLevels(defaultThresholds)}});

	it('paint the part of a CPU chart above the alert threshold critical and the part from 60 % in the warning colour', () => {
		const paint = themedChart(theme, 'cpu').valuePaint!;
		expect(paint(85, 0.85)).toBe(theme.critical);
		expect(paint(80, 0.8)).toBe(theme.critical);
		expect(paint(70, 0.7)).toBe(theme.medium);
		expect(paint(40, 0.4)).toBeUndefined();
	});

	it('follow the configured alert threshold, and leave charts without one plain in the default theme', () => {
		const levels = chartLevels(resolveThresholds({bottleneck: {alertPctByKind: {cpu: 50, memory: 90}}}));
		expect(levels.cpu).toEqual({warning: 50, critical: 50});
		expect(levels.memory).toEqual({warning: 60, critical: 90});
		expect(themedChart(theme, 'network').valuePaint).toBeUndefined();
	});

	it('the gradient theme colours every chart by height, severity still first', () => {
		const gradient = createTheme({name: 'gradient', noColor: false, charts: {style: 'braille', levels: chartLevels(defaultThresholds)}});
		const network = themedChart(gradient, 'network');
		expect(network.style).toBe('braille');
		expect(network.valuePaint!(1, 0)).not.toBe(network.valuePaint!(1, 1));
		// Neighbouring heights share a paint, so a run of cells costs one escape pair.
		expect(network.valuePaint!(1, 0.5)).toBe(network.valuePaint!(1, 0.52));
		expect(themedChart(gradient, 'cpu').valuePaint!(90, 0.9)).toBe(gradient.critical);
	});
});
