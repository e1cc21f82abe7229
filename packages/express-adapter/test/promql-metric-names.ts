/** PromQL words that are neither functions (followed by `(`) nor metric names. */
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'group_left', 'group_right']);

/**
 * The metric names a PromQL expression reads: label matchers, ranges,
 * grouping clauses (`by (…)`, `on (…)`, …), strings and Grafana variables
 * are removed, then every remaining name not called as a function and not
 * a keyword is a metric. Enough for dashboard expressions; not a parser.
 *
 * @param expression - the PromQL, Grafana variables (`$__rate_interval`) allowed.
 */
export function promqlMetricNames(expression: string): string[] {
  const stripped = expression
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\{?\w+\}?/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    const [, name, call] = match;
    if (call === undefined && name !== undefined && !KEYWORDS.has(name)) names.add(name);
  }
  return [...names];
}

/**
 * The metric a Grafana variable query names: `label_values(metric, label)`
 * (or `label_values(label)`, which names none).
 *
 * @param query - the variable's query.
 */
export function variableQueryMetric(query: string): string | undefined {
  const match = /^\s*label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s*,/.exec(query);
  return match?.[1];
}
