import { z } from 'zod';
import type { Item } from '../types.js';

/**
 * Items are kept as JSON so a failed source's items and retained stories can be published again.
 * Reading validates the fields the pipeline relies on and keeps any others as they were written.
 */
const storedItemSchema = z.looseObject({
  id: z.string(),
  sourceId: z.string(),
  outlet: z.enum(['nytimes', 'rfi', 'voa', 'dw', 'xinjingbao']),
  channel: z.string(),
  link: z.string().optional(),
  title: z.string(),
  author: z.string().optional(),
  published: z.iso.datetime().optional(),
  contentHtml: z.string(),
  text: z.string(),
  // Dedup's words (dedup/terms.ts): a broken record of them is dropped, and dedup works them out again.
  terms: z
    .strictObject({ made: z.string(), titleWords: z.string(), titleSalient: z.string(), leadWords: z.string(), leadSalient: z.string(), days: z.string() })
    .optional()
    .catch(undefined),
});

/** `firstSeen` is the store's own column, not part of the stored item. */
export function serializeItem(item: Item): string {
  const { firstSeen: _firstSeen, ...rest } = item;
  return JSON.stringify(rest);
}

/** The stored item, or undefined when it no longer fits the Item contract (written by an older huiliu). */
export function parseItem(json: string): Item | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return undefined;
  }
  const parsed = storedItemSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const { published, ...rest } = parsed.data;
  return { ...rest, ...(published === undefined ? {} : { published: new Date(published) }) } as Item;
}
