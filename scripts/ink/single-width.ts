// The characters the fast paths (string-width.ts, ansi-tokenize.ts) handle themselves: each is one
// terminal column, a grapheme cluster of its own next to any other of them, and not full-width to
// is-fullwidth-code-point. Anything else goes to the real implementation.

/**
 * Single-width symbols the dashboard uses besides the blocks below. Each is one column in every
 * string-width version ink resolves (7.2.0 and 8.3.0); symbols the two disagree on (▶ ◀ ▪ ✔ ⏸ ↔) are left
 * to the real implementations. test/build/ checks every entry against them.
 */
export const singleWidthSymbols = '●○◆◇■□▲△▼▽►◄…—–·°µ±×÷←↑→↓⇅✓✗✘★☆';

/** One byte per BMP code unit: 1 where the fast paths may take the character. */
export const singleWidth = buildSingleWidthTable();

function buildSingleWidthTable(): Uint8Array {
	const table = new Uint8Array(0x1_00_00);
	// Printable ASCII, box drawing + block elements (U+2500–U+259F), braille (U+2800–U+28FF).
	table.fill(1, 0x20, 0x7F);
	table.fill(1, 0x25_00, 0x25_A0);
	table.fill(1, 0x28_00, 0x29_00);
	for (const symbol of singleWidthSymbols) {
		table[symbol.charCodeAt(0)] = 1;
	}

	return table;
}
