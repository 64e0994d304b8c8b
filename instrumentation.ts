/**
 * Runs once when the server starts: parse the configuration, open the database (taking DATA_DIR's
 * lock, applying migrations) and finish first-start initialisation before /api/health says ready, so
 * a bad setting stops the server with a clear message.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    // Server start reaches @peculiar/x509, whose tsyringe container needs the Reflect polyfill
    // loaded first; in this bundle the bundler does not keep lib/pki/crypto.ts's import order.
    await import('reflect-metadata');
    const { startServer } = await import('./lib/server-start');
    await startServer();
  }
}
