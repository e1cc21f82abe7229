// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Package boundaries (docs/architecture.md, "Packages and boundaries"), enforced on every
 * source file: a package is imported through its root entry or a subpath its package.json
 * exports, never a path into its sources.
 */
const noDeepImports = {
  group: [
    '@bulwark/*/*',
    '!@bulwark/testing-mocks/vitest',
    '!@bulwark/express-adapter/node',
    '!@bulwark/express-adapter/keys',
    ...[
      'cache',
      'rate-limit',
      'resilience',
      'redis',
      'models',
      'transport',
      'validation',
      'security',
      'hooks',
      'routes',
      'telemetry',
    ].map((subpath) => `!@bulwark/core/${subpath}`),
  ],
  message: 'Import a package through its public entries only (docs/architecture.md).',
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
          allowDefaultProject: [
            '*.js',
            '*.mjs',
            'vitest.shared.ts',
            'scripts/*.mjs',
            'packages/*/bin/*.js',
          ],
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
            { name: 'express', message: 'Core is framework-free (docs/architecture.md).' },
            { name: '@bulwark/express-adapter', message: 'Core may not import an adapter.' },
            { name: '@bulwark/cli', message: 'Core may not import the CLI.' },
          ],
          patterns: [
            noDeepImports,
            {
              group: ['commander', 'yargs', 'ora', 'cli-progress', 'pino', 'prom-client'],
              message: 'Core imports no CLI, logging or metrics library (docs/architecture.md).',
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
          message: 'Only the config loader reads process.env (docs/architecture.md).',
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
            { name: 'express', message: 'Core is framework-free (docs/architecture.md).' },
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
              message: 'Core imports no CLI, logging or metrics library (docs/architecture.md).',
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
            {
              name: '@bulwark/core',
              message: 'The mocks use no core internals (docs/architecture.md).',
            },
          ],
          patterns: [noDeepImports],
        },
      ],
    },
  },
);
