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
  ['clock.ts', 'errors.ts', 'encoding.ts', 'hash.ts', 'env.ts', 'env-rate.ts', 'env-backup.ts', 'env-notify.ts', 'i18n', 'webauthn', 'ledger', 'metrics'],
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

/** Modules the browser verifier bundles (app/verify): the graph of lib/evidence/verify-evidence-v2.ts. */
const BROWSER_SHARED = [
  'lib/encoding.ts', 'lib/hash.ts', 'lib/errors.ts',
  'lib/ledger/ledger-error.ts', 'lib/ledger/merkle-hash.ts', 'lib/ledger/signature-leaf.ts', 'lib/ledger/base64.ts',
  'lib/ledger/perfect-subtrees.ts', 'lib/ledger/checkpoint.ts', 'lib/ledger/verifier-key.ts', 'lib/ledger/signed-note.ts',
  'lib/ledger/verify-checkpoint.ts', 'lib/ledger/verify-inclusion.ts',
  'lib/ledger/append-leaves.ts', 'lib/ledger/inclusion-proof.ts', 'lib/ledger/memory-node-store.ts', 'lib/ledger/node-store.ts', 'lib/ledger/tree-root.ts',
  'lib/batches/batch-statement.ts',
  'lib/signing/roster.ts', 'lib/signing/statement.ts', 'lib/signing/record-payload.ts',
  'lib/pki/pki-errors.ts', 'lib/pki/crypto-core.ts', 'lib/pki/oids.ts', 'lib/pki/signed-data.ts', 'lib/pki/timestamp-authority.ts', 'lib/pki/verify-countersignature.ts',
  'lib/evidence/evidence-format.ts', 'lib/evidence/verify-evidence.ts', 'lib/evidence/verify-spki-signature.ts',
  'lib/evidence/verify-countersignature-member.ts', 'lib/evidence/verify-evidence-v2.ts',
];

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
  {
    // The evidence verifier and everything it imports run unchanged in the browser (/verify) and in
    // `npm run verify`: no Node built-ins, no Buffer (docs/evidence.md, "Verify in the browser").
    files: BROWSER_SHARED,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['next', 'next/*'], message: 'lib/ must not import next/*.' },
            { group: ['node:*', 'crypto', 'buffer', 'fs', 'path', 'os', 'stream'], message: 'shared with the browser verifier: use lib/encoding.ts, lib/hash.ts or WebCrypto.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'Buffer', message: 'shared with the browser verifier: use lib/encoding.ts.' }, { name: 'process', message: 'shared with the browser verifier.' }],
    },
  },
  globalIgnores(['.next/**', 'out/**', 'build/**', 'next-env.d.ts', 'data/**', 'test-results/**', 'playwright-report/**', 'db/migrations/**', 'public/vendor/**']),
]);
