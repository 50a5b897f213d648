// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'src/encoding/proto/generated/**',
      'bin/**',
      'eslint.config.js',
      'scripts/**',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The library never depends on the CLI/UI layer (docs/architecture.md §1).
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/cli/**', 'src/ui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['@oclif/core', 'ink', 'react', 'cli-table3', 'qrcode'].map((name) => ({
            name,
            message: 'src/ must stay free of CLI/UI modules; put rendering in src/cli or commands/.',
          })),
          patterns: [{ group: ['**/cli/**', '**/ui/**'], message: 'src/ must not import the CLI layer.' }],
        },
      ],
    },
  },
  {
    // The client never reaches into the local network implementation.
    files: ['src/**/*.ts'],
    ignores: ['src/devnet/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['@oclif/core', 'ink', 'react', 'cli-table3', 'qrcode'].map((name) => ({
            name,
            message: 'src/ must stay free of CLI/UI modules.',
          })),
          patterns: [
            { group: ['**/devnet/**'], message: 'The client never imports src/devnet.' },
            { group: ['**/cli/**', '**/ui/**'], message: 'src/ must not import the CLI layer.' },
          ],
        },
      ],
    },
  },
  {
    // Tests read untyped JSON vectors; the unsafe-any family adds noise there, not safety.
    files: ['test/**/*.ts', 'bench/**/*.js'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
);
