import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const skippedFolders = new Set(['node_modules', 'dist', '.turbo', '.git', 'coverage', 'api']);
const textFile = /\.(?:[cm]?[jt]s|json|md|ya?ml|html|css|txt)$/;

function projectFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return skippedFolders.has(entry.name) ? [] : projectFiles(path);
    return textFile.test(entry.name) ? [relative(root, path)] : [];
  });
}

// Built from parts so that this file does not match itself.
const section = '\u00a7';
const outsideDocument = new RegExp(`\\bDESIGN(?:\\.md|\\s*${section})|${section}\\s*\\d`);

describe('references to documents', () => {
  it('every section reference points at a page of docs/, not a document outside the repository', () => {
    const offending = projectFiles(root).filter((file) =>
      outsideDocument.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(offending).toEqual([]);
  });
});
