/**
 * Whether the server has finished starting: migrations applied and first-start initialisation done
 * (PKI, ledger key, first checkpoint). A global, because Next.js may load this module in several
 * bundles of one process and the health route must see what server start set.
 */
const key = Symbol.for('signet.ready');
type GlobalWithReady = typeof globalThis & { [key]?: boolean };

export function markReady(): void {
  (globalThis as GlobalWithReady)[key] = true;
}

export function isReady(): boolean {
  return (globalThis as GlobalWithReady)[key] === true;
}
