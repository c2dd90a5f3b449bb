// Lint: ESLint's and typescript-eslint's recommended rules over every TypeScript file.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.next/**', '.vigil/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**', 'server/db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // An unhandled rejection is a crashed process: promises must be awaited, returned, or handled
  // (`void p.catch(log)`), and no async function may be passed where a void callback is expected.
  {
    files: ['server/**/*.ts', 'workers/**/*.ts', 'scripts/**/*.ts', 'cli/**/*.ts', 'app/**/*.ts', 'app/**/*.tsx', 'components/**/*.tsx', 'components/**/*.ts', 'bench/**/*.ts', 'lib/**/*.ts', 'tests/**/*.ts', 'e2e/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  // Tests poke at malformed values on purpose (e.g. a spec with a wrong field type).
  { files: ['**/*.test.ts', 'e2e/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // Numerical constants (series coefficients) are written with all their published digits on purpose.
  { files: ['server/ml/**/*.ts'], rules: { 'no-loss-of-precision': 'off' } },
  { files: ['**/*.mjs', 'bin/*'], languageOptions: { sourceType: 'module' } },
);
