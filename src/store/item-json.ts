import { z } from 'zod';
import type { Item, ItemHead, ItemTerms } from '../types.js';

/**
 * Items are kept as JSON so a failed source's items and retained stories can be published again.
 * Reading validates the fields the pipeline relies on and keeps any others as they were written.
 */
const storedMeta = {
  id: z.string(),
  sourceId: z.string(),
  outlet: z.enum(['nytimes', 'rfi', 'voa', 'dw', 'xinjingbao']),
  channel: z.string(),
  link: z.string().optional(),
  title: z.string(),
  author: z.string().optional(),
  published: z.iso.datetime().optional(),
};

const storedTermsSchema = z.strictObject({
  made: z.string(),
  titleWords: z.string(),
  titleSalient: z.string(),
  leadWords: z.string(),
  leadSalient: z.string(),
  days: z.string(),
});

const storedItemSchema = z.looseObject({
  ...storedMeta,
  contentHtml: z.string(),
  text: z.string(),
  // Dedup's words (dedup/terms.ts): a broken record of them is dropped, and dedup works them out again.
  terms: storedTermsSchema.optional().catch(undefined),
});

/**
 * An item's head (store/shelf.ts) is kept beside it, so loading the store's memory of 100,000 items reads
 * 400 bytes each instead of the whole article (at 100k, 7.5 s → under 1 s).
 */
const storedHeadSchema = z.looseObject({
  ...storedMeta,
  textLength: z.number().int().nonnegative(),
  contentDigest: z.string(),
});

/** `firstSeen` is the store's own column, not part of the stored item. */
export function serializeItem(item: Item): string {
  const { firstSeen: _firstSeen, ...rest } = item;
  return JSON.stringify(rest);
}

/** The head as stored: like the item, without `firstSeen`. */
export function serializeHead(head: ItemHead): string {
  const { firstSeen: _firstSeen, ...rest } = head;
  return JSON.stringify(rest);
}

/** The stored head, or undefined when it does not fit the ItemHead contract. */
export function parseHead(json: string): ItemHead | undefined {
  const parsed = safeJson(json, storedHeadSchema);
  if (parsed === undefined) return undefined;
  const { published, ...rest } = parsed;
  return { ...rest, ...(published === undefined ? {} : { published: new Date(published) }) } as ItemHead;
}

function safeJson<T>(json: string, schema: z.ZodType<T>): T | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** The stored item, or undefined when it no longer fits the Item contract (written by an older huiliu). */
export function parseItem(json: string): Item | undefined {
  const parsed = safeJson(json, storedItemSchema);
  if (parsed === undefined) return undefined;
  const { published, ...rest } = parsed;
  return { ...rest, ...(published === undefined ? {} : { published: new Date(published) }) } as Item;
}

/** Stored dedup words, or undefined when they are broken (dedup then works them out again). */
export function parseTerms(json: string): ItemTerms | undefined {
  return safeJson(json, storedTermsSchema);
}
