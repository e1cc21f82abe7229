#!/usr/bin/env node
// The `bulwark-mock` command. This file is committed so that installing the workspace can link the
// command before the build has made dist/; the program itself is dist/bin.js.
import { existsSync } from 'node:fs';

const program = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(program)) {
  process.stderr.write('bulwark-mock: the package is not built yet; run `npm run build` first.\n');
  process.exit(1);
}
await import(program.href);
