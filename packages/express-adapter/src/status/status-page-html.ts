import { createHash } from 'node:crypto';
import { STATUS_PAGE_SCRIPT } from './status-page-script.js';
import { STATUS_PAGE_STYLE } from './status-page-style.js';

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** A chart card: a title, readouts, an SVG drawn by the script and its scale. */
function card(title: string, readouts: string, chart: string, extra = ''): string {
  return `<section class="card">
<h2>${title}</h2>
<p class="readout">${readouts}</p>
<svg class="chart" id="${chart}" viewBox="0 0 300 80" preserveAspectRatio="none" role="img" aria-label="${title}"></svg>
<div class="scale"><span class="span">last 5 min</span><span id="${chart}-max"></span></div>${extra}
</section>`;
}

// Inline, so the browser asks the gateway for no /favicon.ico.
const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='7' fill='%232563eb'/%3E%3C/svg%3E";

const value = (metric: string, cls = '') =>
  `<b class="${cls}" data-metric="${metric}" data-latest="">–</b>`;
const over = '<span class="muted">(<span class="over">last minute</span>)</span>';

const BODY = `<header>
<h1>Bulwark gateway</h1>
<span class="muted" id="updated">connecting…</span>
<span id="notice"></span>
</header>
<main>
${card('Requests', `${value('requests-per-second')} req/s ${over}`, 'c-requests')}
${card('Latency', `<span class="k1">p50</span> ${value('latency-p50')} · <span class="k2">p99</span> ${value('latency-p99')} ${over}`, 'c-latency')}
${card('Time to first token', `<span class="k1">p50</span> ${value('ttft-p50')} · <span class="k2">p99</span> ${value('ttft-p99')} ${over}`, 'c-ttft')}
${card(
  'Errors and 429s',
  `<span class="k1">5xx</span> ${value('error-rate')} · <span class="k2">429</span> ${value('rate-429')} ${over}`,
  'c-errors',
  '<p class="muted" id="error-codes"></p>',
)}
${card('Cache hit rate', `${value('cache-hit-rate')} ${over}`, 'c-cache')}
<section class="card">
<h2>Breakers</h2>
<p class="readout">circuit ${value('breakers')} <span class="muted" id="breakers-flight"></span></p>
<table id="breakers"></table>
</section>
<section class="card">
<h2>Tokens by model <span class="muted">(last 5 min)</span></h2>
<table id="m-tokens"></table>
</section>
<section class="card cost">
<h2>Cost by model <span class="muted">(last 5 min)</span></h2>
<table id="m-cost"></table>
<p class="muted" id="totals"></p>
</section>
</main>`;

/**
 * The status page: one self-contained HTML document (no framework, no
 * build step, nothing fetched from another origin), and the
 * Content-Security-Policy it is served with: nothing but its own inline
 * style and script (by their SHA-256 hashes) and requests to its own
 * origin. It shows no key and holds no data; its script polls
 * `bulwark/status` next to the page's own path.
 */
export const STATUS_PAGE = {
  html: `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>Bulwark status</title>
<link rel="icon" href="${FAVICON}">
<style>${STATUS_PAGE_STYLE}</style>
</head>
<body>
${BODY}
<script>${STATUS_PAGE_SCRIPT}</script>
</body>
</html>
`,
  contentSecurityPolicy: [
    "default-src 'none'",
    `script-src ${sha256(STATUS_PAGE_SCRIPT)}`,
    `style-src ${sha256(STATUS_PAGE_STYLE)}`,
    "connect-src 'self'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
} as const;
