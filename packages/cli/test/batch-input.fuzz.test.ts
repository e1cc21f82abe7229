// Property-based fuzzing of `bulwark batch` input validation with fast-check:
// files mixing valid rows with random lines. Every bad line is reported with
// its own line number, every valid row is kept with its line, nothing throws;
// and the real binary, run once on a fuzzed file, refuses it with exit 2 and
// `file:line:` messages before any request.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parseBatchInput } from '../src/index.js';
import {
  assertBuilt,
  killLeftovers,
  startBulwark,
  temporaryFolder,
  TEST_KEY,
} from './support/run-bulwark.js';

const FUZZ = { seed: 20261126, numRuns: 200, endOnFailure: true } as const;

afterEach(killLeftovers);

const validRow = (customId: string) =>
  JSON.stringify({
    custom_id: customId,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model: 'gpt-4', messages: [{ role: 'user', content: `row ${customId}` }] },
  });

/** Lines that are never a valid row: broken JSON, wrong shapes, wrong fields. */
const badLine = fc.oneof(
  fc.string().filter((text) => text.trim() !== '' && !text.includes('\n')),
  fc
    .jsonValue()
    .map((value) => JSON.stringify(value))
    .filter((text) => !text.includes('custom_id')),
  fc
    .record({
      custom_id: fc.oneof(fc.constant(''), fc.integer(), fc.constant(null)),
      method: fc.constantFrom('POST', 'GET'),
      url: fc.constantFrom('/v1/chat/completions', '/v1/embeddings'),
      body: fc.jsonValue(),
    })
    .map((row) => JSON.stringify(row)),
  fc
    .record({
      method: fc.constant('POST'),
      url: fc.constant('/v1/chat/completions'),
      body: fc.oneof(
        fc.constant({ model: 'gpt-4', messages: [] }),
        fc.constant({ model: 'gpt-4', messages: [{ role: 'user', content: 'x' }], stream: true }),
        fc.record({ model: fc.jsonValue(), messages: fc.string() }),
      ),
    })
    .map((row) => JSON.stringify({ custom_id: 'bad-row', ...row })),
);

type Line =
  { kind: 'valid'; text: string } | { kind: 'bad'; text: string } | { kind: 'blank'; text: string };

const fileLines = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.constant('valid' as const) },
    { weight: 3, arbitrary: badLine.map((text) => ({ kind: 'bad' as const, text })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', '   ', '\r').map((text) => ({ kind: 'blank' as const, text })),
    },
  ),
  { minLength: 1, maxLength: 30 },
);

function materialise(drawn: readonly (Line | 'valid')[]): Line[] {
  return drawn.map((entry, index) =>
    entry === 'valid' ? { kind: 'valid', text: validRow(`row-${index + 1}`) } : entry,
  );
}

describe('fuzzing batch input validation', () => {
  it('reports each bad line by its number and keeps each valid row with its line', () => {
    fc.assert(
      fc.property(fileLines, fc.boolean(), (drawn, crlf) => {
        const lines = materialise(drawn);
        const text = lines.map((line) => line.text).join(crlf ? '\r\n' : '\n');
        const { rows, problems } = parseBatchInput(text);
        const expectedBad = lines.flatMap((line, index) =>
          line.kind === 'bad' ? [index + 1] : [],
        );
        const expectedValid = lines.flatMap((line, index) =>
          line.kind === 'valid' ? [index + 1] : [],
        );
        expect([...new Set(problems.map((problem) => problem.line))]).toEqual(expectedBad);
        for (const problem of problems) expect(problem.message.length).toBeGreaterThan(0);
        expect(rows.map((row) => row.line)).toEqual(expectedValid);
        expect(rows.map((row) => row.custom_id)).toEqual(
          expectedValid.map((line) => `row-${line}`),
        );
      }),
      FUZZ,
    );
  });

  it('makes the binary refuse a fuzzed file with exit 2 and file:line messages', async () => {
    assertBuilt();
    const [drawn] = fc.sample(
      fileLines.filter((entries) =>
        entries.some((entry) => entry !== 'valid' && entry.kind === 'bad'),
      ),
      {
        seed: 20261126,
        numRuns: 1,
      },
    );
    const lines = materialise(drawn as (Line | 'valid')[]);
    const folder = temporaryFolder();
    writeFileSync(join(folder, 'input.jsonl'), `${lines.map((line) => line.text).join('\n')}\n`);
    const run = startBulwark(['batch', 'input.jsonl'], {
      cwd: folder,
      // No server listens here: a request sent by mistake would fail loudly.
      env: { OPENAI_API_KEY: TEST_KEY, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    });
    const { code } = await run.exited;
    expect(code).toBe(2);
    const reported = [...run.stderr().matchAll(/input\.jsonl:(\d+):/g)].map((match) =>
      Number(match[1]),
    );
    const expectedBad = lines.flatMap((line, index) => (line.kind === 'bad' ? [index + 1] : []));
    expect([...new Set(reported)]).toEqual(expectedBad);
    expect(run.stderr()).not.toContain(TEST_KEY);
    expect(run.stdout()).not.toContain(TEST_KEY);
  });
});
