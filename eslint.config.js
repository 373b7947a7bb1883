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
  // Layering: calls flow resolver -> service -> database or connector; the lower layers must not
  // import the higher ones (README, "How it is built"). Features: the folders listed in src/modules.ts.
  {
    // The bottom: db/ and common/ serve every feature and know none, nor the GraphQL edge or the connector.
    files: ['src/db/**/*.ts', 'src/common/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: String.raw`^\.\./(shops|mappings|products|orders|stock|statuses|sync-runs|isof|api|idosell)/|^\.\./(modules|app|server)\.js$`,
          message: 'db/ and common/ are below the features, api/ and idosell/: pass what they need in as arguments.',
        }],
      }],
    },
  },
  {
    // The IdoSell connector stands alone: it may use common/ and config.js, and nothing else of ours.
    files: ['src/idosell/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: String.raw`^\.\./(?!common/|config\.js$)`,
          message: 'idosell/ imports only common/, config.js and itself; the features call the connector, not the other way.',
        }],
      }],
    },
  },
  {
    files: ['src/idosell/*/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: String.raw`^\.\./\.\./(?!common/|config\.js$)`,
          message: 'idosell/ imports only common/, config.js and itself; the features call the connector, not the other way.',
        }],
      }],
    },
  },
  {
    // The run engine and history serve the features; of them it knows only the Shop GraphQL type (SyncRun.shop).
    files: ['src/sync-runs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: String.raw`^\.\./(mappings|products|orders|stock|statuses)/|^\.\./shops/(?!shop\.types\.js$)|^\.\./modules\.js$`,
          message: 'sync-runs/ imports no feature (only shops/shop.types.js for SyncRun.shop): features register with the engine.',
        }],
      }],
    },
  },
);
