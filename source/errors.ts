/**
 * What was thrown, as text and as an Error. Anything can be thrown in JavaScript (a string, a
 * rejected promise's reason, undefined), so every place that shows or passes on an error goes
 * through these instead of its own `instanceof Error` test.
 */
export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

export function asError(error: unknown): Error {
	return error instanceof Error ? error : new Error(String(error));
}

/** The errno code (`ENOENT`, `EACCES` …) when the error has one, else its message: the short reason. */
export function errorReason(error: unknown): string {
	return (error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined) ?? errorMessage(error);
}
