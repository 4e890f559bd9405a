/**
 * The one rule for turning a failure into the text the user reads: the
 * engine's (or main's) own words, never "[object Object]". Requests reject
 * with RemoteError (an Error); a stream's end reason and anything a library
 * throws may be a plain object with a message, or a string.
 */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}
