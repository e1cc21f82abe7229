// The status page in a real headless Chromium (Debian's, driven by
// playwright-core): under live traffic its charts show requests, latency,
// time to first token, errors, 429s, cache hits, cost by model and the
// breaker; a screenshot is saved to artifacts/status-page.png.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as pause } from 'node:timers/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, UPSTREAM_KEY, type TestGateway } from './start-test-gateway.js';

// Chromium comes from Debian's `chromium` package (`.ci/run` installs it).
// Without it this test is skipped locally, with the reason printed; under
// CI=true it fails instead.
const CHROMIUM = process.env['BULWARK_TEST_CHROMIUM'] ?? '/usr/bin/chromium';
const IN_CI = (process.env['CI'] ?? 'false') !== 'false' && process.env['CI'] !== '';
const MISSING = `${CHROMIUM} is missing; the status page's browser test needs Chromium (apt-get install chromium, or set BULWARK_TEST_CHROMIUM)`;
const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM && !IN_CI) console.warn(`Skipping the browser test: ${MISSING}`);
if (!HAS_CHROMIUM && IN_CI) {
  it('has the Chromium that CI must provide', () => {
    throw new Error(`CI is set but ${MISSING}`);
  });
}

const KEY = 'sk-test.status-page-browser';
const SCREENSHOT = fileURLToPath(new URL('../../../artifacts/status-page.png', import.meta.url));

/**
 * Sends traffic until stopped: completions of two models, a repeated
 * (cached) question, a stream, and now and then an upstream failure and an
 * upstream 429.
 */
function driveTraffic(gateway: TestGateway): () => Promise<void> {
  gateway.mock.onChat({ content: /please fail/ }).fail(500);
  gateway.mock.onChat({ content: /slow down/ }).fail(429, { retryAfterMs: 1 });
  const send = async (model: string, content: string, stream = false) => {
    const response = await fetch(`${gateway.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      // temperature 0: cacheable, so the repeated question is a cache hit.
      body: JSON.stringify({
        model,
        messages: [{ role: 'user', content }],
        stream,
        temperature: 0,
      }),
    });
    await response.text();
  };
  let running = true;
  const done = (async () => {
    for (let round = 0; running; round += 1) {
      await send('gpt-4', `hello ${round}`);
      await send('gpt-4o-mini', `question ${round}`);
      await send('gpt-4o-mini', 'the same question again');
      await send('gpt-4o', `stream ${round}`, true);
      if (round % 3 === 0) await send('gpt-4', `please fail ${round}`);
      if (round % 3 === 1) await send('gpt-4', `slow down ${round}`);
      await pause(25); // pacing only: the page polls once a second
    }
  })();
  return async () => {
    running = false;
    await done;
  };
}

/** A readout's latest value (`data-latest`), as a number (NaN while empty). */
async function latest(page: Page, metric: string): Promise<number> {
  const value = await page.getAttribute(`[data-metric="${metric}"]`, 'data-latest');
  return value === null || value === '' ? Number.NaN : Number(value);
}

describe.skipIf(!HAS_CHROMIUM)('the status page in Chromium', () => {
  let gateway: TestGateway;
  let browser: Browser;
  beforeAll(async () => {
    gateway = await startTestGateway({ env: { BULWARK_API_KEYS: KEY } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await gateway?.server.close();
  });

  it('charts live traffic and saves a screenshot', { timeout: 60_000 }, async () => {
    const stop = driveTraffic(gateway);
    const context = await browser.newContext({
      httpCredentials: { username: 'ops', password: KEY },
      viewport: { width: 1280, height: 860 },
      colorScheme: 'light',
    });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      const outside: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(gateway.url)) outside.push(request.url());
      });
      const response = await page.goto(`${gateway.url}/`);
      expect(response?.status()).toBe(200);

      const poll = (metric: string) =>
        expect.poll(() => latest(page, metric), { timeout: 20_000, interval: 250 });
      await poll('requests-per-second').toBeGreaterThan(0);
      await poll('latency-p50').toBeGreaterThan(0);
      await poll('latency-p99').toBeGreaterThan(0);
      await poll('ttft-p50').toBeGreaterThan(0);
      await poll('error-rate').toBeGreaterThan(0);
      await poll('rate-429').toBeGreaterThan(0);
      await poll('cache-hit-rate').toBeGreaterThan(0);
      for (const model of ['gpt-4', 'gpt-4o-mini', 'gpt-4o']) {
        const cost = page.locator(`#m-cost tr[data-model="${model}"]`);
        await expect
          .poll(async () => Number(await cost.getAttribute('data-latest')), { timeout: 10_000 })
          .toBeGreaterThan(0);
        const tokens = page.locator(`#m-tokens tr[data-model="${model}"]`);
        expect(Number(await tokens.getAttribute('data-latest'))).toBeGreaterThan(0);
      }
      const breaker = await page.getAttribute(
        '#breakers tr[data-upstream="upstream"]',
        'data-state',
      );
      expect(['closed', 'open', 'half-open']).toContain(breaker);
      for (const chart of ['c-requests', 'c-latency', 'c-ttft', 'c-errors', 'c-cache']) {
        const path = await page.getAttribute(`#${chart} path`, 'd');
        expect(path, chart).toMatch(/^M[\d.]+ [\d.]+/);
      }
      // One more poll, so the screenshot shows a second of steady traffic.
      await page.waitForResponse((answer) => answer.url().endsWith('/bulwark/status'));
      mkdirSync(dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });

      const html = await page.content();
      expect(html).not.toContain(KEY);
      expect(html).not.toContain(UPSTREAM_KEY);
      expect(problems).toEqual([]);
      expect(outside).toEqual([]);
    } finally {
      await context.close();
      await stop();
    }
    expect(existsSync(SCREENSHOT)).toBe(true);
  });

  it('gets a 401 asking for Basic credentials without them', async () => {
    const context = await browser.newContext();
    try {
      // Chromium is challenged for credentials it does not have (a person would get a sign-in box).
      const page = await context.newPage();
      await expect(page.goto(`${gateway.url}/`)).rejects.toThrow(/ERR_INVALID_AUTH_CREDENTIALS/);
      const response = await context.request.get(`${gateway.url}/`);
      expect(response.status()).toBe(401);
      expect(response.headers()['www-authenticate']).toMatch(/^Basic realm="bulwark"/);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'invalid_api_key',
      );
    } finally {
      await context.close();
    }
  });
});
