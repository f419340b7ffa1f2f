import type { OutletId } from '../types.js';
import { dw } from './dw.js';
import { nytCn } from './nyt-cn.js';
import { rfi } from './rfi.js';
import type { Adapter } from './types.js';
import { voa } from './voa.js';
import { xinjingbao } from './xinjingbao.js';

/** Every adapter, in the order detection tries them. A sixth outlet is one more file and one more line here. */
export const adapters: readonly Adapter[] = [nytCn, rfi, voa, dw, xinjingbao];

/** Config `adapter` values. Kept as a literal tuple so the config schema can enumerate them. */
export const adapterIds = ['nyt-cn', 'rfi', 'voa', 'dw', 'xinjingbao'] as const;
export type AdapterId = (typeof adapterIds)[number];

const byId = new Map(adapters.map((a) => [a.id, a]));
const byOutlet = new Map(adapters.map((a) => [a.outlet, a]));

export function adapterById(id: AdapterId): Adapter {
  const adapter = byId.get(id);
  if (!adapter) throw new Error(`adapter ${id} is listed in adapterIds but not registered`);
  return adapter;
}

export function adapterForOutlet(outlet: OutletId): Adapter {
  return byOutlet.get(outlet)!;
}

function hostMatches(host: string, known: string): boolean {
  return host === known || host.endsWith(`.${known}`);
}

/** Recognises an item's outlet by its article link's host, or by a text signature when it has no link. */
export function detectAdapter(link: string | undefined, body: string): Adapter | undefined {
  if (link !== undefined) {
    let host: string | undefined;
    try {
      host = new URL(link).hostname.toLowerCase();
    } catch {
      host = undefined;
    }
    const byHost = host === undefined ? undefined : adapters.find((a) => a.hosts.some((h) => hostMatches(host, h)));
    if (byHost) return byHost;
  }
  return adapters.find((a) => a.recognisesText?.(body));
}

/**
 * Every rule name an adapter can report in `RuleHits`, so a summary can show the rules that touched
 * no item: after an outlet changes its markup, the rule that stopped firing is the one at zero.
 */
export function ruleNames(adapter: Adapter): string[] {
  const { drop, unwrap, dropBlocks, cutText } = adapter.rules;
  const names = [drop, unwrap, dropBlocks, cutText, adapter.rewrites ?? {}].flatMap((rules) => Object.keys(rules));
  if (adapter.lift) names.unshift('date line');
  return names.map((name) => `${adapter.id}: ${name}`);
}
