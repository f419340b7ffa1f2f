import type { Document } from 'domhandler';
import type { OutletId } from '../types.js';

/**
 * Cleaning rules as data: what an outlet's markup carries that a reader does not want. Every rule has a
 * name a person recognises; builds count, per source, how many items each rule touched, so a rule that
 * stops firing after an outlet changes its markup shows up. The shared engine (clean/rules.ts) applies
 * them in this order: drop, unwrap, dropBlocks, cutText.
 */
export interface CleaningRules {
  /** Elements removed together with their content (promos, players, widgets): name → selector. */
  drop: Record<string, string>;
  /** Elements replaced by their children (wrappers, span soup): name → selector. */
  unwrap: Record<string, string>;
  /** A block (p, div, li…) whose whole text, whitespace collapsed, matches is removed: name → pattern. */
  dropBlocks: Record<string, RegExp>;
  /**
   * Text cut wherever it stands inside a block, even when inline markup splits it
   * (`<em>© 2020</em><em>年</em><em>德国之声版权声明…</em>`): name → pattern.
   */
  cutText: Record<string, RegExp>;
  /** Patterns cut from the end of the title (site-name suffixes). */
  titleSuffixes: RegExp[];
}

/** Metadata an adapter found in the body (and removed from it). */
export interface LiftedMetadata {
  published?: Date;
  author?: string;
}

/** A rewrite data cannot say; returns how many places it changed (0 when it did not fire). */
export type Rewrite = (root: Document) => number;

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
  lift?(root: Document): LiftedMetadata;
  /** Named rewrites data cannot say (e.g. image + caption into a figure). They run after the rules. */
  rewrites?: Record<string, Rewrite>;
  /** A title for an item that has none, from its plain text. */
  deriveTitle?(text: string): string;
}
