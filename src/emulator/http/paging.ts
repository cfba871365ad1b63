/** Paging as Graph and the Exchange admin API write it: the next page's link. */

/**
 * The next page's URL: the same query with `$skiptoken` (written with its `$`, as Graph and
 * Exchange write it; URLSearchParams would escape it) holding the offset, base64url-encoded.
 */
export function withSkipToken(url: URL, baseUrl: string, offset: number): string {
  const kept = url.search
    .replace(/^\?/, '')
    .split('&')
    .filter((part) => part !== '' && !/^(\$|%24)skiptoken=/i.test(part));
  kept.push(`$skiptoken=${Buffer.from(String(offset)).toString('base64url')}`);
  return `${baseUrl}${url.pathname}?${kept.join('&')}`;
}
