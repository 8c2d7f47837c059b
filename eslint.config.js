// ESLint (flat config): typescript-eslint strict-type-checked + stylistic-type-checked, React hooks.
// `npm run lint` runs it; `npm test` runs it and fails on any finding.
//
// There are no bulk suppressions (eslint-suppressions.json is gone): a finding anywhere fails.
// Where a rule is tuned, the reason is written next to it. The rules that keep a host alive
// (floating and misused promises) are never suppressed.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench-results/**', '.data/**', 'coverage/**', '**/*.cjs', '**/*.mjs', 'eslint.config.js'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The rules that took a host down offline (issue 9): a rejected promise nobody awaits ends a
      // Node process. `void` is not an escape hatch: a fire-and-forget call must catch.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false, ignoreIIFE: false }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: true, checksConditionals: true, checksSpreads: true }],
      '@typescript-eslint/promise-function-async': 'off',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/no-deprecated': 'error',
      // Numbers and booleans in template strings are fine (Korean messages interpolate counts).
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: false, allowNullish: false, allowAny: false, allowRegExp: false }],
      // `() => doSomething()` in a callback is a common, readable idiom; a void value used as a value
      // elsewhere is still an error.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // `_name` marks a parameter kept for a signature.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Non-null assertions after a length check or a `.get()` the code just made are a choice; the
      // type system cannot see them with noUncheckedIndexedAccess.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // A `type` and an `interface` are both fine; the code uses each where it reads best.
      '@typescript-eslint/consistent-type-definitions': 'off',
      // `[...text]` splits a string into code points, and that is what the document layout, the
      // keep-all wrapping and the bigram search mean to do: text is stored NFC, so a Hangul
      // syllable is one code point, and they measure and index by code point (grapheme clusters
      // such as emoji sequences are not something a form or a search term has to keep whole).
      // Spreading anything else the rule knows to be wrong (a promise, a Map, a class) stays an error.
      '@typescript-eslint/no-misused-spread': ['error', { allow: ['string'] }],
      // The project declares no enums (string unions and `as const` objects instead), and this
      // syntax rule keeps it so; the typed rule that guards enum assignments then guards nothing and
      // cost ~4.6 CPU-s of every lint (issue 13 item 6), so it is off.
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'enum 대신 문자열 유니온이나 `as const` 객체를 쓰세요 (프로젝트 규칙).' }],
      '@typescript-eslint/no-unsafe-enum-assignment': 'off',
    },
  },
  {
    // Each unit fits on a few screens (issue 13): a function of app code over 200 lines is split
    // into hooks, sub-components or route modules. Tests walk long journeys and are exempt.
    files: ['electron/**/*.{ts,tsx}', 'renderer/**/*.{ts,tsx}', 'shared/**/*.ts', 'server/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 200 }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Advice for the React Compiler, which this app does not use.
      'react-hooks/incompatible-library': 'off',
    },
  },
  {
    // Tests use vitest's and Playwright's idioms (expect chains, fixtures).
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // The rest of that no-unsafe family, and the costliest typed rules on test/ (issue 13 item 6:
      // 11 and 2 CPU-s of ESLint's run, nearly all of it on test files): they ask the checker for
      // the contextual type of every argument and assignment. A test assigns its fixtures' classes
      // as it likes; app code keeps the rule. The rules that catch real bugs in tests stay on:
      // floating and misused promises, await-thenable, no-unnecessary-condition, no-base-to-string.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // Two more typed rules that cost on test/ and guard nothing a test's outcome depends on
      // (measured on test/ after tsc's pass, load 10: no-deprecated 3.7 CPU-s, the second typed
      // rule after no-misused-promises; no-confusing-void-expression 1.5 CPU-s): a deprecated
      // API a test calls fails that test when it goes away, and a void value in an arrow is
      // style. App code keeps both.
      '@typescript-eslint/no-deprecated': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      // Playwright reads a fixture's dependencies from the destructuring pattern of its first
      // parameter, so a fixture that needs none must write `{}` there; elsewhere an empty pattern
      // is still an error.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
    },
  },
);
