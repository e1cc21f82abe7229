/** A problem found in a routes structure, at a path from its root. */
export interface RoutesProblem {
  /** Keys and indexes from the root, e.g. `['routes', 'gpt-4o', 'deployments', 1]`. */
  path: PropertyKey[];
  /** What is wrong, without any value of a key. */
  message: string;
}

type Entries = Record<string, unknown>;

function isRecord(value: unknown): value is Entries {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function names(value: unknown): [index: number, name: string][] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, index): [number, string][] =>
    typeof item === 'string' ? [[index, item.trim()]] : [],
  );
}

/**
 * Checks what a schema cannot see entry by entry, on the raw input so that
 * these problems are listed alongside the schema's: every deployment a route
 * lists is declared, every context-window fallback is a declared route, no
 * name is listed twice, no route falls back to itself directly or through
 * others, and (for a routes file) each deployment names exactly one key
 * source. Parts of the wrong shape are skipped: the schema reports them.
 *
 * @param input - the parsed file or the `routes` option.
 * @param mode - `file` (keys by `apiKeyEnv`/`apiKeyFile`) or `resolved` (`apiKey`).
 * @returns every problem found, in file order.
 */
export function checkRouteReferences(input: unknown, mode: 'file' | 'resolved'): RoutesProblem[] {
  if (!isRecord(input)) return [];
  const problems: RoutesProblem[] = [];
  const deployments = isRecord(input['deployments']) ? input['deployments'] : undefined;
  if (mode === 'file' && deployments) problems.push(...checkKeySources(deployments));
  const routes = isRecord(input['routes']) ? input['routes'] : undefined;
  if (!routes) return problems;
  const graph = new Map<string, [index: number, target: string][]>();
  for (const [name, route] of Object.entries(routes)) {
    if (!isRecord(route)) continue;
    const listed = names(route['deployments']);
    problems.push(...duplicates(listed, ['routes', name, 'deployments']));
    for (const [index, deployment] of listed) {
      if (deployments && !Object.hasOwn(deployments, deployment)) {
        problems.push({
          path: ['routes', name, 'deployments', index],
          message: `unknown deployment ${JSON.stringify(deployment)}`,
        });
      }
    }
    const fallbacks = names(route['contextWindowFallbacks']);
    problems.push(...duplicates(fallbacks, ['routes', name, 'contextWindowFallbacks']));
    const edges: [number, string][] = [];
    for (const [index, target] of fallbacks) {
      const path = ['routes', name, 'contextWindowFallbacks', index];
      if (target === name) problems.push({ path, message: 'a route cannot fall back to itself' });
      else if (!Object.hasOwn(routes, target)) {
        problems.push({ path, message: `unknown route ${JSON.stringify(target)}` });
      } else edges.push([index, target]);
    }
    graph.set(name, edges);
  }
  return [...problems, ...findCycles(graph)];
}

function checkKeySources(deployments: Entries): RoutesProblem[] {
  return Object.entries(deployments).flatMap(([name, deployment]): RoutesProblem[] => {
    if (!isRecord(deployment)) return [];
    const hasEnv = deployment['apiKeyEnv'] !== undefined;
    const hasFile = deployment['apiKeyFile'] !== undefined;
    if (hasEnv && hasFile) {
      return [
        {
          path: ['deployments', name, 'apiKeyFile'],
          message: 'set either apiKeyEnv or apiKeyFile, not both',
        },
      ];
    }
    // A key written in the file is reported by the schema, with the remedy.
    if (hasEnv || hasFile || deployment['apiKey'] !== undefined) return [];
    return [{ path: ['deployments', name], message: 'apiKeyEnv or apiKeyFile is required' }];
  });
}

function duplicates(listed: [number, string][], path: PropertyKey[]): RoutesProblem[] {
  const seen = new Set<string>();
  return listed.flatMap(([index, name]): RoutesProblem[] => {
    if (!seen.has(name)) {
      seen.add(name);
      return [];
    }
    return [{ path: [...path, index], message: `${JSON.stringify(name)} is listed twice` }];
  });
}

/** Reports each cycle of context-window fallbacks once, at the entry that closes it. */
function findCycles(graph: Map<string, [number, string][]>): RoutesProblem[] {
  const problems: RoutesProblem[] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (route: string): void => {
    stack.push(route);
    for (const [index, target] of graph.get(route) ?? []) {
      const start = stack.indexOf(target);
      if (start !== -1) {
        const cycle = [...stack.slice(start), target].join(' → ');
        problems.push({
          path: ['routes', route, 'contextWindowFallbacks', index],
          message: `falling back to ${JSON.stringify(target)} makes a cycle (${cycle})`,
        });
      } else if (!done.has(target)) visit(target);
    }
    stack.pop();
    done.add(route);
  };
  for (const route of graph.keys()) if (!done.has(route)) visit(route);
  return problems;
}
