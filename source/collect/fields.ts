// Whitespace-separated fields of a line of a /proc file, scanned in place: the same fields
// `line.trim().split(/\s+/)` gives, without an array and a string per field. The files with many
// such lines (/proc/stat on a machine with hundreds of CPUs, diskstats and net/dev with hundreds
// of devices) are read every tick.

const space = /\s/;

/** True for a character `\s` matches. */
export function isSpace(line: string, index: number): boolean {
	const code = line.charCodeAt(index);
	return code === 32 || (code >= 9 && code <= 13) || (code > 127 && space.test(line[index]!));
}

/** Where the next field starts at or after `index`; `line.length` when no field is left. */
export function fieldStart(line: string, index: number): number {
	let start = index;
	while (start < line.length && isSpace(line, start)) {
		start++;
	}

	return start;
}

/** Where the field that starts at `start` ends. */
export function fieldEnd(line: string, start: number): number {
	let end = start;
	while (end < line.length && !isSpace(line, end)) {
		end++;
	}

	return end;
}

/** line[start, end) as Number() reads it when it is all ASCII digits (what /^\d+$/ accepts); NaN otherwise. */
export function digitsValue(line: string, start: number, end: number): number {
	if (end === start) {
		return Number.NaN;
	}

	let value = 0;
	for (let index = start; index < end; index++) {
		const digit = line.charCodeAt(index) - 48;
		if (digit < 0 || digit > 9) {
			return Number.NaN;
		}

		value = (value * 10) + digit;
	}

	// Past 15 digits the sum may round differently from Number(); let Number() decide.
	return end - start <= 15 ? value : Number(line.slice(start, end));
}
