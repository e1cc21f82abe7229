/** Rewrites the generated tables of `docs/configuration.md` and `docs/observability.md` from the code. */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fillGeneratedSections, GENERATED_SECTIONS } from './configuration-reference.js';
import { OBSERVABILITY_SECTIONS } from './model-prices.js';

const pages = [
  ['../configuration.md', GENERATED_SECTIONS],
  ['../observability.md', OBSERVABILITY_SECTIONS],
] as const;
for (const [page, sections] of pages) {
  const file = fileURLToPath(new URL(page, import.meta.url));
  writeFileSync(file, await fillGeneratedSections(readFileSync(file, 'utf8'), file, sections));
  console.log(`updated ${file}`);
}
