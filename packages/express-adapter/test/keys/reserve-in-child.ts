/**
 * A second process on one SQLite store, for the cross-process test: opens
 * the store in argv[2], says `ready`, waits for a start time (ms since the
 * epoch, shared by every child so that they race), then makes argv[3]
 * reserves of argv[4] dollars, yielding between them so that the processes
 * interleave, and reports how many were granted.
 */
import { setImmediate as yieldOnce } from 'node:timers/promises';
import { openSqliteKeyStore } from '../../src/keys/open-sqlite-key-store.js';

const [stateDir = '', count = '0', amount = '0'] = process.argv.slice(2);
const send = (message: unknown) => process.send?.(message);
const store = await openSqliteKeyStore({ stateDir });
send('ready');
const [startAt] = (await new Promise((resolve) => process.once('message', resolve))) as [number];
while (Date.now() < startAt) await yieldOnce();
let granted = 0;
for (let call = 0; call < Number(count); call += 1) {
  if ((await store.reserve('shared', Number(amount), 600_000)).granted) granted += 1;
  await yieldOnce();
}
await store.close();
send({ granted });
process.disconnect();
