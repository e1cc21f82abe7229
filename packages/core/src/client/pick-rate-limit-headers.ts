/**
 * The `x-ratelimit-*` headers of an upstream response.
 *
 * @param headers - the response headers.
 */
export function pickRateLimitHeaders(headers: Headers | undefined): Record<string, string> {
  const picked: Record<string, string> = {};
  headers?.forEach((value, name) => {
    if (name.startsWith('x-ratelimit-')) picked[name] = value;
  });
  return picked;
}
