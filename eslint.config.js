// ESLint flat config: @eslint/js and typescript-eslint recommended rules, without type information
// (type-aware linting would run the compiler a second time; `npm run typecheck` already does).
// No style rule that fights decorators: `consistent-type-imports` stays off (it is not in
// `recommended`), since decorator metadata needs classes imported as values.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'data/', 'coverage/', '.tmp/', 'src/idosell/openapi/*.json']),
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'ormconfig.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
    },
    rules: {
      // `_name` marks a parameter or variable that is there on purpose (an interface's
      // signature, a destructured rest) but not used.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // Tests read GraphQL answers, untyped JSON, and poke at them; `any` there is the honest type.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
