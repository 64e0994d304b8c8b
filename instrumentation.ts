/**
 * Runs once when the server starts: parse the configuration and open the database (applying
 * migrations) before the first request, so a bad setting stops the server with a clear message.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startServer } = await import('./lib/server-start');
    await startServer();
  }
}
