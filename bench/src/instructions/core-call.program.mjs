// A core call path for the instruction count (see instructions.bench.ts):
// `node core-call.program.mjs <bare|bulwark> <upstream base URL>`. It makes
// calls 16 at a time, as the core benchmark does, with a unique prompt each
// (no cache hit): `warm <n>` and `run <n>` on standard input, each answered
// with `done` once the calls settled; it prints READY first.
import { createInterface } from 'node:readline';
import { createClient } from '@bulwark/core';
import { Pool } from 'undici';

const [path, baseURL] = process.argv.slice(2);
const API_KEY = 'sk-bench.not-a-real-key-000000';
const CONCURRENCY = 16;
let sequence = 0;

const params = (number) => ({
  model: 'gpt-4-1106-preview',
  messages: [
    { role: 'system', content: 'You are a terse assistant.' },
    { role: 'user', content: `Hello, benchmark call ${number}` },
  ],
  max_tokens: 16,
});

function bare() {
  const url = new URL(`${baseURL}/chat/completions`);
  const pool = new Pool(url.origin, { connections: 32 });
  const headers = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' };
  return async (number) => {
    const answer = await pool.request({
      path: url.pathname,
      method: 'POST',
      headers,
      body: JSON.stringify(params(number)),
    });
    const completion = await answer.body.json();
    if (answer.statusCode !== 200 || !Array.isArray(completion.choices))
      throw new Error('bad answer');
  };
}

function bulwark() {
  const client = createClient({ apiKey: API_KEY, baseURL });
  return async (number) => {
    const completion = await client.chat.completions.create(params(number));
    if (!Array.isArray(completion.choices)) throw new Error('bad answer');
  };
}

const call = path === 'bare' ? bare() : bulwark();

async function calls(count) {
  let started = 0;
  const caller = async () => {
    while (started < count) {
      started += 1;
      sequence += 1;
      await call(sequence);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, caller));
}

// Keeps the event loop turning while idle, so that callgrind takes its orders at once.
setInterval(() => {}, 10);
process.stdout.write('READY\n');
for await (const line of createInterface({ input: process.stdin })) {
  const [order, count] = line.split(' ');
  await calls(Number(count));
  process.stdout.write(`done ${order}\n`);
}
process.exit(0);
