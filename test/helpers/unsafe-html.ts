import { load } from 'cheerio';
import { decodeHTML } from 'entities';
import type { Element } from 'domhandler';
import { ALLOWED_IFRAME_HOSTS } from '../../src/clean/sanitize.js';

/** Elements that run code, restyle the page or embed documents: none may leave the sanitizer. */
const FORBIDDEN_ELEMENTS = 'script, style, object, embed, applet, form, svg, math, link, meta, base, frame, frameset, noscript, template, input, button, textarea, select';
/** Attributes whose value a browser loads or navigates to. */
const URL_ATTRIBUTES = ['href', 'src', 'poster', 'cite', 'action', 'formaction', 'background', 'srcset', 'xlink:href', 'data', 'dynsrc', 'lowsrc', 'codebase', 'longdesc', 'usemap', 'ping'];
/** Removed before the scheme is read, as browsers do: whitespace, C0 controls and U+0080–U+009F. */
const IGNORED_IN_SCHEME = /[\s\u0000-\u001f\u007f-\u009f]+/g;

/** What in sanitized HTML could still run code; undefined when nothing can. */
export function unsafeIn(html: string): string | undefined {
  const $ = load(html, null, false);
  const forbidden = $(FORBIDDEN_ELEMENTS);
  if (forbidden.length > 0) return `element <${forbidden.first().prop('tagName')?.toLowerCase()}>`;
  for (const el of $('*').get() as Element[]) {
    for (const [name, raw] of Object.entries(el.attribs)) {
      if (/^on/i.test(name)) return `event handler ${name}`;
      if (name.toLowerCase() === 'style') return 'style attribute';
      if (!URL_ATTRIBUTES.includes(name.toLowerCase())) continue;
      const value = decodeHTML(raw).replace(IGNORED_IN_SCHEME, '').toLowerCase();
      if (/^(javascript|vbscript|livescript):/.test(value)) return `script URL in ${name}`;
      if (value.startsWith('data:') && !(el.name === 'img' && name === 'src' && value.startsWith('data:image/'))) return `data URL in ${name}`;
    }
    if (el.name === 'iframe') {
      let host: string | undefined;
      try {
        host = new URL(el.attribs['src'] ?? '').hostname;
      } catch {
        host = undefined;
      }
      if (host === undefined || !ALLOWED_IFRAME_HOSTS.includes(host)) return `iframe from ${el.attribs['src']}`;
    }
  }
  return undefined;
}
