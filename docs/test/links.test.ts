import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function markdownFiles(): string[] {
  const inFolder = (folder: string) =>
    existsSync(join(root, folder))
      ? readdirSync(join(root, folder)).map((name) => join(folder, name))
      : [];
  return [
    'README.md',
    'CONTRIBUTING.md',
    ...inFolder('docs').filter((file) => file.endsWith('.md')),
    ...inFolder('packages').map((folder) => join(folder, 'README.md')),
    ...inFolder('examples').map((folder) => join(folder, 'README.md')),
  ].filter((file) => existsSync(join(root, file)));
}

describe('links between the documents', () => {
  it.each(markdownFiles())('every relative link of %s points at a file that exists', (file) => {
    const markdown = readFileSync(join(root, file), 'utf8').replace(/```[\s\S]*?```/g, '');
    const targets = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((match) => match[1] ?? '')
      .filter((target) => !/^[a-z]+:/.test(target) && !target.startsWith('#'))
      .map((target) => target.split('#')[0] ?? '');
    const missing = targets.filter(
      (target) => !existsSync(resolve(dirname(join(root, file)), target)),
    );
    expect(missing).toEqual([]);
  });
});
