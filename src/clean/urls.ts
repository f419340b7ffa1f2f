/**
 * URLs in republished content: absolute, canonical (no tracking parameters, no `//` in paths),
 * and — by option — without the images.weserv.nl proxy.
 */

/** Query parameters that only track the reader. */
const TRACKING_PARAMETERS = [/^utm_/i, /^fbclid$/i, /^gclid$/i, /^mc_(cid|eid)$/i, /^spm$/i, /^from$/i, /^ref_?src$/i, /^smid$/i];

/** Resolves `raw` against `base`; undefined when it is not a URL at all. */
export function absoluteUrl(raw: string, base: string | undefined): string | undefined {
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return undefined;
  }
}

/** The canonical form of an article or content link. Non-http(s) URLs are returned unchanged. */
export function canonicalUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw;
  }
  return canonicalOf(url, raw);
}

/**
 * `canonicalUrl(absoluteUrl(raw, base))` with one URL parse instead of two (an href parses back to
 * the same URL). Undefined when `raw` is not a URL at all.
 */
export function canonicalAbsoluteUrl(raw: string, base: string | undefined): string | undefined {
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  let url: URL;
  try {
    url = new URL(trimmed, base);
  } catch {
    return undefined;
  }
  return canonicalOf(url, url.href);
}

function canonicalOf(url: URL, raw: string): string {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return raw;
  url.pathname = url.pathname.replace(/\/{2,}/g, '/');
  for (const name of [...url.searchParams.keys()]) {
    if (TRACKING_PARAMETERS.some((p) => p.test(name))) url.searchParams.delete(name);
  }
  return url.href;
}

const WESERV = /^https?:\/\/images\.weserv\.nl\/?\?(.*)$/i;

/** `https://images.weserv.nl/?url=host/path` → `https://host/path` (the proxy drops the scheme). */
export function unwrapImageProxy(src: string): string {
  const m = WESERV.exec(src);
  if (!m) return src;
  const target = new URLSearchParams(m[1]).get('url');
  if (!target) return src;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : `https://${target.replace(/^\/+/, '')}`;
  try {
    return new URL(withScheme).href;
  } catch {
    return src;
  }
}
