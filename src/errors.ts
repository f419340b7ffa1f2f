/**
 * An error a user can cause and fix (bad config, unreadable input, dead source).
 * The CLI prints its message on one line without a stack trace; anything else is a bug and throws.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
