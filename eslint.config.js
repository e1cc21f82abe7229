// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Package boundaries of DESIGN §1, enforced on every source file. */
const noDeepImports = {
  group: ['@bulwark/*/*', '!@bulwark/testing-mocks/vitest', '!@bulwark/express-adapter/node'],
  message: 'Import a package through its public entry only (DESIGN §1).',
};

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/coverage/**', 'docs/api/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', '*.mjs', 'vitest.shared.ts', 'scripts/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': ['error', { patterns: [noDeepImports] }],
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportDefaultDeclaration',
          message: 'Named exports only.',
        },
      ],
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'express', message: 'Core is framework-free (DESIGN §1).' },
            { name: '@bulwark/express-adapter', message: 'Core may not import an adapter.' },
            { name: '@bulwark/cli', message: 'Core may not import the CLI.' },
          ],
          patterns: [
            noDeepImports,
            {
              group: ['commander', 'yargs', 'ora', 'cli-progress', 'pino', 'prom-client'],
              message: 'Core imports no CLI, logging or metrics library (DESIGN §1).',
            },
          ],
        },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'packages/core/src/config/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Only the config loader reads process.env (DESIGN §1).',
        },
      ],
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'express', message: 'Core is framework-free (DESIGN §1).' },
            { name: '@bulwark/express-adapter', message: 'Core may not import an adapter.' },
            { name: '@bulwark/cli', message: 'Core may not import the CLI.' },
            {
              name: '@bulwark/testing-mocks',
              message: 'Core may not import the mocks at run time (tests only).',
            },
          ],
          patterns: [
            noDeepImports,
            {
              group: ['commander', 'yargs', 'ora', 'cli-progress', 'pino', 'prom-client'],
              message: 'Core imports no CLI, logging or metrics library (DESIGN §1).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/testing-mocks/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@bulwark/core', message: 'The mocks use no core internals (DESIGN §1).' },
          ],
          patterns: [noDeepImports],
        },
      ],
    },
  },
);
