import type { RuleHits } from '../clean/rules.js';
import type { Config, SourceConfig } from '../config.js';
import type { IssuedStoryIds } from '../dedup/index.js';
import type { Validators } from '../fetch/http.js';
import type { ItemHead, ItemMeta } from '../types.js';

/**
 * What earlier runs left behind, as plain data: the store loads it before a build and records the
 * build's outcome after it, so the build itself stays a function of its inputs. Items are heads: their
 * articles stay in the store until dedup or a feed asks for them (the store's `contentOf`, through the build's shelf).
 */
export interface Memory {
  sources: ReadonlyMap<string, SourceMemory>;
  items: ReadonlyMap<string, SeenItem>;
}

/** One source as the store remembers it. */
export interface SourceMemory {
  /** The url or path the validators belong to: a changed address starts afresh. */
  address?: string;
  validators: Validators;
  /** The items of the last good fetch, in feed order. */
  itemIds: string[];
  /** Cleaning-rule hits of the last good fetch. */
  hits: RuleHits;
  lastAttempt?: Date;
  lastSuccess?: Date;
  error?: string;
}

/** Every item ever seen; `item` is there only while its content is kept, while it may still be published. */
export interface SeenItem {
  sourceId: string;
  firstSeen: Date;
  lastSeen: Date;
  storyId?: string;
  item?: ItemHead;
}

export const emptyMemory: Memory = { sources: new Map(), items: new Map() };

export const addressOf = (source: SourceConfig): string => source.url ?? source.path!;

/** The items of a source's last good fetch that can be re-created from the store. */
export function lastGoodItems(memory: Memory, sourceId: string): ItemHead[] {
  const ids = memory.sources.get(sourceId)?.itemIds ?? [];
  return ids.flatMap((id) => memory.items.get(id)?.item ?? []);
}

/**
 * Validators for a conditional GET — only when a 304 could be answered: same address, and every item
 * of the last good fetch still re-creatable. Otherwise the source is fetched in full.
 */
export function validatorsFor(memory: Memory, source: SourceConfig): Validators | undefined {
  const stored = memory.sources.get(source.id);
  if (!stored || stored.address !== addressOf(source)) return undefined;
  if (lastGoodItems(memory, source.id).length !== stored.itemIds.length) return undefined;
  return stored.validators;
}

/**
 * Items the upstream feeds no longer list but the outputs keep: seen within `retention.days`, from a
 * configured source, newest first, and at most `retention.maxEntries` per source counting its current items.
 */
export function retainedItems(
  memory: Memory,
  current: ReadonlyArray<Pick<ItemMeta, 'id' | 'sourceId'>>,
  sourceIds: readonly string[],
  retention: Pick<Config['retention'], 'days' | 'maxEntries'>,
  now: Date,
): ItemHead[] {
  const currentIds = new Set(current.map((item) => item.id));
  const room = new Map(sourceIds.map((id) => [id, retention.maxEntries]));
  for (const item of current) room.set(item.sourceId, (room.get(item.sourceId) ?? 0) - 1);
  const since = now.getTime() - retention.days * 86_400_000;
  const candidates = [...memory.items.values()]
    .filter((seen) => seen.item !== undefined && !currentIds.has(seen.item.id) && room.has(seen.sourceId))
    .filter((seen) => seen.lastSeen.getTime() >= since)
    .sort(
      (a, b) =>
        b.lastSeen.getTime() - a.lastSeen.getTime() ||
        (b.item!.published?.getTime() ?? 0) - (a.item!.published?.getTime() ?? 0) ||
        a.item!.id.localeCompare(b.item!.id),
    );
  const kept: ItemHead[] = [];
  for (const seen of candidates) {
    const left = room.get(seen.sourceId)!;
    if (left <= 0) continue;
    room.set(seen.sourceId, left - 1);
    kept.push(seen.item!);
  }
  return kept;
}

/** Stamps each item with when it was first seen: earlier runs' record, or `now` for a new item. */
export function withFirstSeen<T extends Pick<ItemMeta, 'id' | 'firstSeen'>>(items: readonly T[], memory: Memory, now: Date): T[] {
  return items.map((item) => ({ ...item, firstSeen: memory.items.get(item.id)?.firstSeen ?? now }));
}

/** Story ids issued in earlier runs, by member item id, for dedup to keep. */
export function issuedStoryIds(memory: Memory): IssuedStoryIds {
  const issued = new Map<string, string>();
  for (const [id, seen] of memory.items) if (seen.storyId !== undefined) issued.set(id, seen.storyId);
  return issued;
}
