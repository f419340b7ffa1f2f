/**
 * When to try a request again and how long to wait: pure functions, so the policy is tested without
 * waiting and the clock and randomness are passed in.
 */

/** Statuses worth another attempt: the server is overloaded or briefly broken, not refusing us. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * `Retry-After` as milliseconds from `now`: either delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Unparseable values are ignored rather than trusted.
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
}

/**
 * Exponential backoff with "equal jitter": half the exponential delay plus a random share of the other
 * half, so sources that failed together do not retry in lockstep. A server's `Retry-After` is a floor.
 */
export function backoffMs(retry: number, baseMs: number, random: () => number, retryAfterMs?: number): number {
  const exponential = baseMs * 2 ** retry;
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}
