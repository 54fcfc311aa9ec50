// Lint, with the architecture written down as rules (DESIGN.md §6). `npm run lint` fails on any warning.
//
// The layers:
//   core/            pure rules: imports nothing from src/, cloudfunctions/, emulator/, scripts/, test/, and no I/O,
//                    platform SDK, UI framework or clock
//   cloudfunctions/  may use core/; never emulator/ or src/
//   src/             may use core/; never emulator/ or cloudfunctions/
//   emulator/        dev/test only; may use core/ and the build scripts
import js from '@eslint/js'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import importX from 'eslint-plugin-import-x'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** @param {string} target @param {string} from @param {string} message */
const layer = (target, from, message) => ({ target, from, message })

/** Modules core/ must not import: I/O, the platforms, the UI, and randomness or time from outside. */
const NOT_IN_CORE = [
  'fs', 'fs/*', 'path', 'http', 'https', 'net', 'child_process', 'crypto', 'os', 'worker_threads', 'async_hooks',
  'node:*', 'wx-server-sdk', '@cloudbase/*', '@tarojs/*', 'react', 'react-dom', '@nutui/*', 'better-sqlite3', 'mingo'
]

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.cloud/**', '**/*.d.ts', 'babel.config.js', 'jest*.config.js']
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // The config itself is plain JavaScript outside tsconfig.json: checked with the default project.
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.mjs'] }, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node }
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })]
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            layer('./core', './src', 'core/ is shared by client and functions: it cannot depend on the mini-program.'),
            layer('./core', './cloudfunctions', 'core/ holds pure rules: it cannot depend on a cloud function.'),
            layer('./core', './emulator', 'core/ cannot depend on the local cloud.'),
            layer('./core', './scripts', 'core/ cannot depend on build scripts.'),
            layer('./core', './test', 'core/ cannot depend on tests.'),
            layer('./cloudfunctions', './emulator', 'Functions are deployed: the local cloud is dev/test only.'),
            layer('./cloudfunctions', './src', 'Functions cannot depend on the mini-program.'),
            layer('./src', './emulator', 'The mini-program talks to the cloud through src/cloud, never the local cloud.'),
            layer('./src', './cloudfunctions', 'The mini-program calls functions through src/cloud; shared rules live in core/.'),
            layer('./scripts/build', './emulator', 'Build tooling serves deployment: it cannot depend on the local cloud.')
          ]
        }
      ],
      'import-x/no-cycle': 'error',
      'import-x/no-duplicates': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }]
    }
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: NOT_IN_CORE, message: 'core/ is pure: no I/O, platform SDK, UI framework or clock.' }] }
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'core/ reads no clock: take `now` as a parameter.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core/ reads no clock: take `now` as a parameter.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'core/ is deterministic: take randomness as a parameter.' }
      ]
    }
  },
  {
    files: ['cloudfunctions/**/*.ts'],
    // The one place that reads the platform's clock.
    ignores: ['cloudfunctions/_shared/clock.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "Functions take time from the invocation's now (ctx.now / invocationNow)." },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "Functions take time from the invocation's now (ctx.now / invocationNow)." }
      ]
    }
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: { ...globals.browser } }
  },
  {
    files: ['test/**/*.{ts,tsx}', 'src/**/*.test.{ts,tsx}', 'bench/**/*.ts'],
    languageOptions: { globals: { ...globals.jest, ...globals.node } }
  },
  {
    // The conformance suite drives the real wx-server-sdk, whose handles and results are untyped (`any`) by design of
    // its typings; the tests assert on those values, so the unsafe-any family would flag every line and say nothing.
    files: ['test/emulator/**/*.ts', 'test/fixtures/functions/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off'
    }
  }
)
