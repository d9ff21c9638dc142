import type {Failure, FailureReason} from './types.js';
import {errorMessage} from '../errors.js';

function codeOf(error: unknown): string {
	if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
		return error.code;
	}

	return '';
}

/** Maps an SQLite or file-system error to what the user is told; extended codes (SQLITE_IOERR_WRITE …) fold into their family. */
export function classify(error: unknown): {reason: FailureReason; retryable: boolean; code: string} {
	const code = codeOf(error);
	const family = code.startsWith('SQLITE_') ? code.split('_').slice(0, 2).join('_') : code;
	switch (family) {
		case 'SQLITE_FULL':
		case 'ENOSPC':
		case 'EDQUOT': {
			return {reason: 'disk full', retryable: true, code};
		}

		case 'SQLITE_READONLY':
		case 'SQLITE_CANTOPEN':
		case 'SQLITE_PERM':
		case 'SQLITE_AUTH':
		case 'EACCES':
		case 'EPERM':
		case 'EROFS': {
			return {reason: 'read-only', retryable: true, code};
		}

		case 'SQLITE_BUSY':
		case 'SQLITE_LOCKED': {
			return {reason: 'locked', retryable: true, code};
		}

		case 'SQLITE_IOERR':
		case 'EIO': {
			return {reason: 'io error', retryable: true, code};
		}

		case 'SQLITE_CORRUPT':
		case 'SQLITE_NOTADB': {
			return {reason: 'corrupt', retryable: false, code};
		}

		default: {
			return {reason: 'error', retryable: false, code};
		}
	}
}

export function failureOf(error: unknown, context = 'recording paused'): Failure {
	const {reason, retryable, code} = classify(error);
	const detail = code === '' ? (errorMessage(error)) : code;
	return {ok: false, reason, retryable, message: `${context}: ${reason} (${detail})`};
}
