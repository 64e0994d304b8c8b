import { readdirSync } from 'node:fs';
import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/**
 * The layers of lib/, lowest first (docs/architecture.md explains each). A module may import from
 * its own layer and the ones below it, never from a layer above. Tests are exempt: they drive the
 * real stack. Every entry of lib/ must be placed here, so a new folder cannot slip past the rule.
 */
const LAYERS = [
  ['clock.ts', 'errors.ts', 'encoding.ts', 'env.ts', 'env-rate.ts', 'env-backup.ts', 'env-notify.ts', 'i18n', 'webauthn', 'ledger', 'metrics'],
  ['context.ts', 'storage'],
  ['pki', 'operations', 'rate-limit', 'organization', 'auth', 'audit', 'notifications', 'pdf'],
  ['documents', 'certificates', 'signing', 'evidence', 'sealing', 'notes', 'backup', 'health', 'batches', 'reports'],
  ['http', 'api', 'server-start.ts'],
];
const unplaced = readdirSync('lib').filter((entry) => !entry.endsWith('.test.ts') && !entry.endsWith('.md') && !LAYERS.flat().includes(entry));
if (unplaced.length > 0) throw new Error(`eslint.config.mjs: place ${unplaced.map((e) => `lib/${e}`).join(', ')} in a layer of LAYERS`);
const layerZones = LAYERS.flatMap((layer, i) =>
  layer.map((entry) => ({
    target: `./lib/${entry}`,
    from: LAYERS.slice(i + 1).flat().map((above) => `./lib/${above}`),
    message: 'lib/ imports point down the layers (docs/architecture.md); move the shared piece down instead.',
  })),
).filter((zone) => zone.from.length > 0);

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // lib/ is the framework-free domain: a CLI and the tests use it directly.
    files: ['lib/**/*.ts'],
    ignores: ['lib/http/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['next', 'next/*'], message: 'lib/ must not import next/*.' }] }],
    },
  },
  {
    files: ['lib/**/*.ts'],
    ignores: ['lib/**/*.test.ts'],
    rules: { 'import/no-restricted-paths': ['error', { zones: layerZones }] },
  },
  globalIgnores(['.next/**', 'out/**', 'build/**', 'next-env.d.ts', 'data/**', 'test-results/**', 'playwright-report/**', 'db/migrations/**', 'public/vendor/**']),
]);
