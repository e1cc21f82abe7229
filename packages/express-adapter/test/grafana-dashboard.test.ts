// docs/grafana/bulwark-dashboard.json may only query metrics the gateway
// declares, so a renamed metric breaks this test rather than a dashboard.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promqlMetricNames, variableQueryMetric } from './promql-metric-names.js';
import { declaredMetrics } from './read-prometheus-samples.js';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

interface Target {
  expr?: string;
  refId?: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
}
interface Dashboard {
  __inputs: { name: string; type: string; pluginId: string }[];
  schemaVersion: number;
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; query: string | { query: string } }[] };
}

const dashboard = JSON.parse(
  readFileSync(new URL('../../../docs/grafana/bulwark-dashboard.json', import.meta.url), 'utf8'),
) as Dashboard;
const DATASOURCE = { type: 'prometheus', uid: '${DS_PROMETHEUS}' };
/** Declared metrics the dashboard leaves out on purpose (a panel of each would say nothing more). */
const NOT_ON_THE_DASHBOARD = new Set(['bulwark_deployment_circuit_state']);

const queried = dashboard.panels.filter((panel) => panel.type !== 'row');
const expressions = queried.flatMap((panel) =>
  (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr ?? '' })),
);
const variableMetrics = dashboard.templating.list.map((variable) =>
  variableQueryMetric(typeof variable.query === 'string' ? variable.query : variable.query.query),
);

/** A histogram's series name (`…_bucket`, `…_sum`, `…_count`) as its family's. */
function family(name: string, declared: Map<string, string>): string {
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return base !== name && declared.get(base) === 'histogram' ? base : name;
}

let gateway: TestGateway;
let declared: Map<string, string>;
beforeAll(async () => {
  gateway = await startTestGateway({ defaultMetrics: true });
  declared = declaredMetrics(await (await fetch(`${gateway.url}/metrics`)).text());
});
afterAll(async () => {
  await gateway.server.close();
});

describe('the Grafana dashboard (docs/grafana/bulwark-dashboard.json)', () => {
  it('is a dashboard to import, with a Prometheus data source input', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
    expect(dashboard.uid).toBe('bulwark-gateway');
    expect(dashboard.__inputs).toEqual([
      expect.objectContaining({
        name: 'DS_PROMETHEUS',
        type: 'datasource',
        pluginId: 'prometheus',
      }),
    ]);
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of queried) {
      expect(panel.datasource, panel.title).toEqual(DATASOURCE);
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) expect(target.datasource).toEqual(DATASOURCE);
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
    }
  });

  it('queries only metrics the gateway declares', () => {
    for (const { panel, expr } of expressions) {
      const names = promqlMetricNames(expr);
      expect(names.length, `${panel}: ${expr}`).toBeGreaterThan(0);
      for (const name of names) {
        expect(declared.has(family(name, declared)), `${panel} reads ${name}`).toBe(true);
      }
    }
    for (const name of variableMetrics) {
      expect(name === undefined || declared.has(name), `variable reads ${name}`).toBe(true);
    }
  });

  it("shows every one of the gateway's own metrics", () => {
    const used = new Set(
      expressions.flatMap(({ expr }) =>
        promqlMetricNames(expr).map((name) => family(name, declared)),
      ),
    );
    const missing = [...declared.keys()].filter(
      (name) => name.startsWith('bulwark_') && !used.has(name) && !NOT_ON_THE_DASHBOARD.has(name),
    );
    expect(missing).toEqual([]);
  });
});

describe('promqlMetricNames', () => {
  it('finds the metrics of an expression, not its functions, labels or variables', () => {
    expect(
      promqlMetricNames(
        'histogram_quantile(0.99, sum by (le, route) (rate(http_seconds_bucket{route=~".*/v1/.*", instance=~"$instance"}[$__rate_interval]))) / on (job) group_left up offset 5m',
      ),
    ).toEqual(['http_seconds_bucket', 'up']);
    expect(
      promqlMetricNames('sum(rate(a_total[5m])) / (sum(rate(a_total[5m])) + b) * 3600'),
    ).toEqual(['a_total', 'b']);
  });

  it('reads the metric of a label_values variable', () => {
    expect(variableQueryMetric('label_values(bulwark_calls_in_flight, instance)')).toBe(
      'bulwark_calls_in_flight',
    );
    expect(variableQueryMetric('label_values(instance)')).toBeUndefined();
  });
});
