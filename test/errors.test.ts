import {describe, expect, it} from 'vitest';
import {asError, errorMessage, errorReason} from '../source/errors.js';

describe('errors', () => {
	it('errorMessage gives an Error its message and anything else thrown its string form', () => {
		expect(errorMessage(new Error('boom'))).toBe('boom');
		expect(errorMessage('plain')).toBe('plain');
		expect(errorMessage(undefined)).toBe('undefined');
	});

	it('asError keeps an Error and wraps anything else', () => {
		const error = new TypeError('x');
		expect(asError(error)).toBe(error);
		expect(asError(42).message).toBe('42');
	});

	it('errorReason prefers the errno code', () => {
		expect(errorReason(Object.assign(new Error('ENOENT: no such file'), {code: 'ENOENT'}))).toBe('ENOENT');
		expect(errorReason(new Error('parse failed'))).toBe('parse failed');
		expect(errorReason('text')).toBe('text');
	});
});
