import {createHash} from 'node:crypto';

/** The first 48 bits of a text's SHA-1, as a number: a short index key for `process_strings` (equal hashes are told apart by the text). */
export function textHash(text: string): number {
	return createHash('sha1').update(text).digest().readUIntBE(0, 6);
}
