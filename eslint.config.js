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

/** Named exports only, across every package's sources. */
const namedExportsOnly = {
  selector: 'ExportDefaultDeclaration',
  message: 'Named exports only.',
};

/**
 * `{ ...a, b }` and `{ ...a, ...b }`: Node 20's V8 builds an object literal with anything after
 * a spread on a slow runtime path, about 1 to 3 µs each, where `Object.assign({}, a, b)` or a
 * spread followed by assignments takes a tenth of that. A spread alone, or last, is fast.
 */
const noSpreadBeforeMore = {
  selector: 'ObjectExpression > SpreadElement:not(:last-child)',
  message:
    'Hot path: a spread followed by more properties is slow on Node 20; use Object.assign({}, a, b), or a spread alone and then assignments to fields it has (docs/performance.md, "Optimisations").',
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
      'no-restricted-syntax': ['error', namedExportsOnly],
    },
  },
  {
    // The code every call or gateway request runs (docs/performance.md, "Optimisations").
    files: [
      'packages/core/src/{cache,client,errors,hooks,policies,rate-limit,redis,request,streaming,telemetry,transport,validation}/**/*.ts',
      'packages/express-adapter/src/{keys,logging,metrics,node}/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', namedExportsOnly, noSpreadBeforeMore],
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
