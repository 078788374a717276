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
);
