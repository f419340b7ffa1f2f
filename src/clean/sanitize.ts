import type SanitizeHtml from 'sanitize-html';
import { requireCommonJs } from '../commonjs.js';

const sanitizeHtml = requireCommonJs('sanitize-html') as typeof SanitizeHtml;

/**
 * The security gate: every republished body passes this allowlist last, after all outlet rules.
 * Anything not listed here is removed; the text of removed tags is kept except for the `nonTextTags`.
 */

/** Elements and the attributes each may keep. Presentational attributes (style, width, class…) are not listed. */
export const ALLOWED_ELEMENTS: Readonly<Record<string, readonly string[]>> = {
  p: [], br: [], hr: [],
  h2: [], h3: [], h4: [], h5: [], h6: [],
  blockquote: ['cite'], q: ['cite'], pre: [], code: [],
  ul: [], ol: ['start'], li: [],
  strong: [], b: [], em: [], i: [], u: [], s: [], sub: [], sup: [], small: [], mark: [], abbr: ['title'],
  a: ['href', 'title'],
  figure: [], figcaption: [], cite: [],
  img: ['src', 'alt', 'title'],
  video: ['src', 'poster', 'controls'], audio: ['src', 'controls'], source: ['src', 'type'],
  iframe: ['src', 'allowfullscreen'],
  table: [], caption: [], thead: [], tbody: [], tfoot: [], tr: [], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'],
  time: ['datetime'],
};

/**
 * Video players a reader may embed: the outlets' own video hosts do not need iframes, and these two
 * are the ones feed readers (Miniflux among them) already trust. Each gets `sandbox` on the way out.
 */
export const ALLOWED_IFRAME_HOSTS: readonly string[] = [
  'www.youtube.com',
  'www.youtube-nocookie.com',
  'player.vimeo.com',
];

/** Elements whose content is never text a reader should see (code, styles, embedded documents). */
const NON_TEXT_ELEMENTS = [
  'script', 'style', 'textarea', 'option', 'noscript', 'template', 'xmp', 'noembed', 'noframes', 'title',
  'svg', 'math', 'object', 'embed', 'applet', 'select', 'button', 'head', 'iframe', 'frameset', 'frame',
];

const URL_ATTRIBUTES = ['href', 'src', 'cite', 'poster'];
const ALLOWED_SCHEMES = ['http', 'https', 'mailto'];
/** Characters a reader may skip or a careless check may miss inside a scheme: whitespace, controls, invisibles. */
const HIDING_CHARACTERS = /[\s\u0000-\u001f\u007f-\u009f\u180e\u200b-\u200d\u2060\ufeff]+/g;

/**
 * A URL whose scheme is only visible once hidden characters are removed (`&#x2003;javascript:`,
 * `java\u200bscript:`). sanitize-html reads those as relative URLs and keeps them; browsers differ, so
 * such an attribute is dropped whatever its scheme turns out to be, unless that scheme is allowed.
 */
function hidesScheme(value: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value.replace(HIDING_CHARACTERS, ''))?.[1]?.toLowerCase();
  return scheme !== undefined && !ALLOWED_SCHEMES.includes(scheme);
}

function withoutHiddenSchemes(tagName: string, attribs: SanitizeHtml.Attributes): SanitizeHtml.Tag {
  const kept = { ...attribs };
  for (const attr of URL_ATTRIBUTES) if (kept[attr] !== undefined && hidesScheme(kept[attr])) delete kept[attr];
  return { tagName, attribs: kept };
}

const options: SanitizeHtml.IOptions = {
  allowedTags: Object.keys(ALLOWED_ELEMENTS),
  allowedAttributes: Object.fromEntries(Object.entries(ALLOWED_ELEMENTS).map(([tag, attrs]) => [tag, [...attrs]])),
  allowedSchemes: ALLOWED_SCHEMES,
  allowedSchemesByTag: { img: ['http', 'https'], video: ['http', 'https'], audio: ['http', 'https'], source: ['http', 'https'], iframe: ['https'] },
  allowedSchemesAppliedToAttributes: URL_ATTRIBUTES,
  allowProtocolRelative: false,
  allowedIframeHostnames: [...ALLOWED_IFRAME_HOSTS],
  allowIframeRelativeUrls: false,
  disallowedTagsMode: 'discard',
  nonTextTags: NON_TEXT_ELEMENTS,
  enforceHtmlBoundary: false,
  parseStyleAttributes: false,
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer' } }),
    iframe: (tagName, attribs) => ({ tagName, attribs: { ...attribs, sandbox: 'allow-scripts allow-same-origin allow-popups', loading: 'lazy' } }),
    img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: 'lazy' } }),
    h1: 'h2',
    '*': withoutHiddenSchemes,
  },
  // Attributes added by transformTags must also pass the allowlist.
  exclusiveFilter: (frame) => (frame.tag === 'iframe' || frame.tag === 'img') && !frame.attribs['src'],
};
options.allowedAttributes = {
  ...(options.allowedAttributes as Record<string, string[]>),
  a: ['href', 'title', 'rel'],
  iframe: ['src', 'allowfullscreen', 'sandbox', 'loading'],
  img: ['src', 'alt', 'title', 'loading'],
};

/**
 * Every attribute sanitize-html may keep, per element: the allowlist plus those transformTags sets
 * (whose position it keeps when the input already had them). Cleaning drops any other attribute early.
 */
export const KEPT_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = options.allowedAttributes as Record<string, string[]>;

/** C0/C1 control characters cannot appear in XML 1.0 output and hide `java\x01script:` tricks. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Sanitizes HTML to the allowlist. The result is safe to embed in a feed entry. */
export function sanitize(html: string): string {
  return sanitizeHtml(html.replace(CONTROL_CHARACTERS, ''), options);
}
