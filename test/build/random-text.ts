// Seeded random strings for the equivalence tests: the mix a terminal UI meets, weighted towards the
// characters the fast paths take so that both the fast path and the fallback run often.
import {singleWidthSymbols} from '../../scripts/ink/single-width.js';

export type Random = () => number;

/** mulberry32: small, seeded, good enough to spread test inputs. */
export function createRandom(seed: number): Random {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6D_2B_79_F5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

export function pick<T>(random: Random, items: readonly T[]): T {
	return items[Math.floor(random() * items.length)]!;
}

function codePointIn(random: Random, from: number, to: number): string {
	return String.fromCodePoint(from + Math.floor(random() * (to - from + 1)));
}

const sgrCodes = ['0', '1', '2', '3', '4', '7', '9', '22', '23', '24', '27', '29', '31', '32', '33', '36', '39', '41', '49', '90', '97', '38;5;208', '48;5;17', '38;2;10;200;30', '48;2;1;2;3', '1;31', '2;33;44', '', '38;5', '38;2;1'];

/** One piece of text: a run of a few characters or one escape sequence. */
const pieces: ReadonlyArray<readonly [number, (random: Random) => string]> = [
	[30, random => codePointIn(random, 0x20, 0x7E)],
	[12, random => codePointIn(random, 0x25_00, 0x25_9F)],
	[6, random => codePointIn(random, 0x28_00, 0x28_FF)],
	[6, random => pick(random, [...singleWidthSymbols])],
	[10, random => `\u001B[${pick(random, sgrCodes)}m`],
	[3, random => codePointIn(random, 0x4E_00, 0x9F_FF)],
	[2, random => codePointIn(random, 0xAC_00, 0xD7_A3)],
	[3, random => pick(random, ['😀', '👍🏽', '👨‍👩‍👧', '🇩🇪', '❤️', '1️⃣', '#⃣', '☺', '✔', '▶', '▶️', '⏸', '↔', '▪'])],
	[3, random => codePointIn(random, 0x03_00, 0x03_6F)],
	[2, random => pick(random, ['\u200B', '\u200D', '\uFE0F', '\uFE0E', '\u00AD', '\u2060'])],
	[2, random => pick(random, ['\t', '\n', '\r', '\r\n', '\u0007', '\u0000', '\u007F', '\u0085', '\u009B'])],
	[2, random => pick(random, ['\u001B]8;;https://example.com/ä\u0007', '\u001B]8;id=1;http://x\u0007', '\u001B]8;;\u0007', '\u001B]0;title\u0007', '\u001B]8;;https://x\u001B\\'])],
	[2, random => pick(random, ['\u001B[?25l', '\u001B[2K', '\u001B[1A', '\u001B[38;5;12', '\u001B', '\u001B[', '\u009B31m', '\u001B(0', '\u001B7', '\u001B[12345m', '\u001B[1:2m'])],
	[2, random => pick(random, ['é', 'ñ', 'ß', 'Ω', 'ж', 'ｱ', 'ﾞ', 'Ａ', '·', '°', '€', '™', '\uD800', '\uDFFF', 'ก่', 'क्षि'])],
	[1, random => codePointIn(random, 0x1_F3_00, 0x1_F6_4F)],
	[1, random => codePointIn(random, 0x11_00, 0x11_FF)],
];

const totalWeight = pieces.reduce((sum, [weight]) => sum + weight, 0);

function randomPiece(random: Random): string {
	let roll = random() * totalWeight;
	for (const [weight, make] of pieces) {
		roll -= weight;
		if (roll < 0) {
			return make(random);
		}
	}

	return pieces[0]![1](random);
}

/** Up to `maxPieces` pieces; a third of the strings are kept to fast-path characters and SGR codes only. */
export function randomText(random: Random, maxPieces = 24): string {
	const count = Math.floor(random() * (maxPieces + 1));
	const onlySimple = random() < 0.33;
	let text = '';
	for (let index = 0; index < count; index++) {
		text += onlySimple ? randomSimplePiece(random) : randomPiece(random);
	}

	return text;
}

function randomSimplePiece(random: Random): string {
	const roll = random();
	if (roll < 0.5) {
		return codePointIn(random, 0x20, 0x7E);
	}

	if (roll < 0.7) {
		return codePointIn(random, 0x25_00, 0x25_9F);
	}

	if (roll < 0.8) {
		return codePointIn(random, 0x28_00, 0x28_FF);
	}

	if (roll < 0.9) {
		return pick(random, [...singleWidthSymbols]);
	}

	return `\u001B[${pick(random, sgrCodes)}m`;
}
