import type { CheerioAPI } from 'cheerio';
import type { OutletId } from '../types.js';

/**
 * Cleaning rules as data: what an outlet's markup carries that a reader does not want.
 * The shared engine (clean/rules.ts) applies them in this order: drop, unwrap, dropBlocksMatching.
 */
export interface CleaningRules {
  /** Selectors removed together with their content (promos, players, widgets). */
  drop: string[];
  /** Selectors replaced by their children (wrappers, span soup). */
  unwrap: string[];
  /** A paragraph-like block whose whole text matches one of these is removed (copyright lines, promos). */
  dropBlocksMatching: RegExp[];
  /** Patterns cut from the end of the title (site-name suffixes). */
  titleSuffixes: RegExp[];
}

/** Metadata an adapter found in the body (and removed from it). */
export interface LiftedMetadata {
  published?: Date;
  author?: string;
}

/** One outlet: how to recognise its items and how to clean them. */
export interface Adapter {
  /** The id used in config (`adapter`). */
  id: string;
  outlet: OutletId;
  /** Display name, used in merged entries ("also reported by"). */
  name: string;
  homepage: string;
  /** Article link hosts (and their subdomains) that identify the outlet. */
  hosts: string[];
  /** IANA zone of date lines written in local time. */
  timezone: string;
  rules: CleaningRules;
  /** Recognises an item without a link (e.g. Xinjingbao's 新京报讯 opening). */
  recognisesText?(text: string): boolean;
  /** Turns a plain-text body into HTML paragraphs. */
  textToHtml?(text: string): string;
  /** Finds metadata hiding in the body (date line, byline), removes it and returns it. */
  lift?($: CheerioAPI): LiftedMetadata;
  /** Rewrites data cannot say (e.g. image + caption into a figure). Runs after the rules. */
  rewrite?($: CheerioAPI): void;
  /** A title for an item that has none, from its plain text. */
  deriveTitle?(text: string): string;
}
