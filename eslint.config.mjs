import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/out/**',
      '.tools/**',
      'extension/media/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      // Spreading a data array into a call passes each value as an argument: past ~120k values it throws
      // RangeError (Maximum call stack size exceeded). Use minOf/maxOf (kernel-lib) or a loop.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Math'] > SpreadElement",
          message: 'Math.min/max(...values) throws RangeError on large arrays: use minOf/maxOf or a loop',
        },
        {
          selector: "CallExpression[callee.property.name='fromCharCode'] > SpreadElement",
          message:
            'String.fromCharCode(...codes) throws RangeError on large arrays: use TextDecoder or a loop',
        },
      ],
    },
  },
  // Package lines (docs/architecture.md): a package uses another through its public entry points
  // (`@fupan/kernel-lib`, `@fupan/kernel-lib/render`, `@fupan/kernel-client`, `@fupan/kernel-client/findTslab`),
  // never by a path into its files. Tests (test/) and kernel-lib's own benchmarks (bench/) may reach inside:
  // they measure and check the internals.
  {
    files: ['extension/**/*.ts', 'datasets/**/*.ts', 'notebooks/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/kernel-lib/src',
                '**/kernel-lib/src/**',
                '**/kernel-lib/dist/**',
                '@fupan/kernel-lib/*',
                '!@fupan/kernel-lib/render',
              ],
              message:
                "import '@fupan/kernel-lib' (or '@fupan/kernel-lib/render' in a webview), not kernel-lib's files",
            },
            {
              group: [
                '**/kernel-client/src',
                '**/kernel-client/src/**',
                '@fupan/kernel-client/*',
                '!@fupan/kernel-client/findTslab',
              ],
              message:
                "import '@fupan/kernel-client' (or '@fupan/kernel-client/findTslab'), not the kernel client's files",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bench/**/*.ts', 'kernel-lib/**/*.ts', 'kernel-client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/extension/**',
                '**/notebooks/**',
                '**/datasets/**',
                'fupan-vscode',
                'fupan-vscode/**',
                '@fupan/notebooks',
                '@fupan/datasets',
              ],
              message:
                'kernel-lib, the kernel client and the benchmarks import no app code: move what both need into a package',
            },
          ],
        },
      ],
    },
  },
);
