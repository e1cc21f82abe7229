/** Rewrites the generated tables of `docs/configuration.md` from the code. */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fillGeneratedSections } from './configuration-reference.js';

const file = fileURLToPath(new URL('../configuration.md', import.meta.url));
writeFileSync(file, await fillGeneratedSections(readFileSync(file, 'utf8'), file));
console.log(`updated ${file}`);
