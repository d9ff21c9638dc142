// Replaces ink 6.8.0 build/sanitize-ansi.js in the bundle (see esbuild-plugins.mjs). Ink sanitizes the
// text of every <Text> on every frame, and again for each level of nested <Text> (squash-text-nodes.js):
// a coloured span makes the text contain ESC, and stock Ink then tokenizes it whole to drop the control
// sequences it does not allow — on a dashboard there are none. Text made only of printable characters
// and SGR sequences (the only kind Ink's own colours produce) is what stock Ink returns unchanged, so it
// is returned as it is after one regular-expression test; anything else takes the stock path below.
import {hasAnsiControlCharacters, tokenizeAnsi} from '../../node_modules/ink/build/ansi-tokenizer.js';

/** A C1 control character, or an ESC that does not start an SGR sequence: what stock Ink may change. */
const notOnlySgr = /[\u0080-\u009F]|\u001B(?!\[[\d:;]*m)/;

// Copied from ink 6.8.0.
const sgrParametersRegex = /^[\d:;]*$/;

function stockSanitizeAnsi(text: string): string {
	if (!hasAnsiControlCharacters(text)) {
		return text;
	}

	let output = '';
	for (const token of tokenizeAnsi(text)) {
		if (token.type === 'text' || token.type === 'osc') {
			output += token.value;
			continue;
		}

		if (token.type === 'csi' && token.finalCharacter === 'm' && token.intermediateString === '' && sgrParametersRegex.test(token.parameterString)) {
			output += token.value;
		}
	}

	return output;
}

const sanitizeAnsi = (text: string): string => (notOnlySgr.test(text) ? stockSanitizeAnsi(text) : text);

export default sanitizeAnsi;
