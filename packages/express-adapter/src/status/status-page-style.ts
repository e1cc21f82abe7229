/**
 * The status page's style sheet (inline, allowed by its hash in the page's
 * Content-Security-Policy): system fonts, a grid of cards, light or dark
 * after the reader's preference.
 */
export const STATUS_PAGE_STYLE = `
:root { --bg: #f6f7f9; --card: #fff; --text: #1c2330; --muted: #5d6778; --grid: #e3e6eb;
  --c1: #2563eb; --c2: #d9480f; --ok: #2b8a3e; --warn: #e67700; --bad: #c92a2a; color-scheme: light dark; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #111418; --card: #1b1f25; --text: #e6e9ee; --muted: #9aa4b2; --grid: #2c323b;
    --c1: #74a9ff; --c2: #ff922b; --ok: #51cf66; --warn: #fcc419; --bad: #ff6b6b; }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 16px 20px 24px; background: var(--bg); color: var(--text);
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px 16px; margin-bottom: 14px; }
h1 { font-size: 20px; margin: 0; }
h2 { font-size: 13px; margin: 0 0 4px; color: var(--muted); font-weight: 600;
  text-transform: uppercase; letter-spacing: .04em; }
.muted { color: var(--muted); }
main { display: grid; gap: 14px; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); }
.card { background: var(--card); border-radius: 8px; padding: 12px 14px;
  box-shadow: 0 1px 2px rgba(0, 0, 0, .12); }
.readout { margin: 0 0 6px; font-size: 13px; }
.readout b { font-size: 20px; font-variant-numeric: tabular-nums; }
svg.chart { display: block; width: 100%; height: 90px; border-bottom: 1px solid var(--grid); }
svg.chart path { fill: none; stroke-width: 1.6; stroke-linecap: round; stroke-linejoin: round;
  vector-effect: non-scaling-stroke; }
.s1 { stroke: var(--c1); } .s2 { stroke: var(--c2); }
.k1 { color: var(--c1); } .k2 { color: var(--c2); }
.scale { display: flex; justify-content: space-between; font-size: 11px; color: var(--muted); }
table { width: 100%; border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
td { padding: 3px 0; vertical-align: middle; }
td.num { text-align: right; white-space: nowrap; padding-left: 8px; }
td.bar { width: 45%; padding-left: 8px; }
.bar span { display: block; height: 10px; border-radius: 3px; background: var(--c1); min-width: 2px; }
.cost .bar span { background: var(--c2); }
.pill { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px;
  font-weight: 600; color: #fff; background: var(--muted); }
.pill.closed { background: var(--ok); } .pill.half-open { background: var(--warn); }
.pill.open { background: var(--bad); }
#notice { color: var(--bad); }
`;
