/**
 * Date lines in bodies are written in the outlet's local time; these turn them into instants.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one. */
function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (format) return format;
  format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  formats.set(timeZone, format);
  return format;
}

const DAY_MS = 86_400_000;
/** Offsets of whole UTC days in which a zone's offset does not change, by zone and day. */
const steadyDays = new Map<string, Map<number, number>>();

/**
 * The offset of `timeZone` from UTC at the instant `utcMs`, in milliseconds. Intl's formatToParts is
 * slow, and items share days: when a zone has the same offset at the start and the end of a UTC day it
 * has it all day (zones change offset months apart, never twice in a day), so that is remembered.
 */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  let days = steadyDays.get(timeZone);
  if (days === undefined) {
    days = new Map();
    steadyDays.set(timeZone, days);
  }
  const day = Math.floor(utcMs / DAY_MS);
  const known = days.get(day);
  if (known !== undefined) return known;
  const start = measuredOffsetMs(day * DAY_MS, timeZone);
  if (start === measuredOffsetMs((day + 1) * DAY_MS - 1000, timeZone)) {
    days.set(day, start);
    return start;
  }
  return measuredOffsetMs(utcMs, timeZone);
}

/** The offset of `timeZone` at `utcMs`, as Intl formats that instant there. */
function measuredOffsetMs(utcMs: number, timeZone: string): number {
  const parts = zoneFormat(timeZone).formatToParts(new Date(utcMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - (utcMs - (utcMs % 1000));
}

/** Wall-clock time in `timeZone` → Date. Handles DST by re-checking the offset at the result. */
export function zonedTime(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): Date | undefined {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  if (Number.isNaN(wall)) return undefined;
  let utc = wall - zoneOffsetMs(wall, timeZone);
  utc = wall - zoneOffsetMs(utc, timeZone);
  const date = new Date(utc);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `2023-07-07 12:32:10` (or with `T`) in the given zone. */
export function parseLocalIso(value: string, timeZone: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return undefined;
  return zonedTime(timeZone, +m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
}
