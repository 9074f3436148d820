// ESLint: typescript-eslint and eslint-plugin-svelte for the code, eslint-plugin-boundaries for the
// layers of src/lib (docs/architecture.md): a layer imports only the layers below it, so a cycle
// between folders fails `npm test`. Formatting is Prettier's (npm run format), not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

/** Lowest first: each layer may import itself and those before it, never one after it. */
const LAYERS = ['contract', 'domain', 'engine', 'db', 'import', 'queries', 'charts', 'export', 'state'];

const below = (i) => LAYERS.slice(0, i + 1);

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', '*.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-control-regex': 'off',
      // Full-width spaces (　) are part of the forms' Chinese text and of the patterns that read it.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipRegExps: true, skipComments: true }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: tseslint.parser, svelteConfig } },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.js', '.svelte'] } },
      // src/App.svelte and src/main.ts sit above every layer and may import any of them.
      'boundaries/include': ['src/lib/**/*', 'src/components/**/*', 'src/features/**/*'],
      'boundaries/elements': [
        ...LAYERS.map((l) => ({ type: l, pattern: `src/lib/${l}` })),
        { type: 'views', pattern: ['src/components', 'src/features'] },
      ],
    },
    rules: {
      'boundaries/no-unknown-files': 'error',
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            ...LAYERS.map((l, i) => ({ from: { element: { type: l } }, allow: { to: { element: { types: { anyOf: below(i) } } } } })),
            { from: { element: { type: 'views' } }, allow: { to: { element: { types: { anyOf: [...LAYERS, 'views'] } } } } },
          ],
        },
      ],
    },
  },
);
