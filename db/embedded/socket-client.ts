import { lstat } from 'node:fs/promises';
import path from 'node:path';

/** Thrown when the owner's socket is missing or could be opened by another user. */
export class UnsafeSocketError extends Error {
  override readonly name = 'UnsafeSocketError';
}

/**
 * Checks the owner's socket before connecting: it must be a socket owned by this user with no group
 * or other permission bits, in a directory only this user can enter. The socket has no password, so
 * a socket someone else could create or reach is never trusted.
 */
export async function checkSocket(file: string): Promise<void> {
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  const dir = await lstat(path.dirname(file)).catch(() => null);
  const sock = await lstat(file).catch(() => null);
  if (!sock || !sock.isSocket()) {
    throw new UnsafeSocketError(`expected the server's database socket at ${file}; there is none (is the server still starting?)`);
  }
  for (const [what, st] of [
    ['socket', sock],
    ['socket directory', dir],
  ] as const) {
    if (!st) throw new UnsafeSocketError(`expected the ${what} of ${file} to exist`);
    if (uid !== null && st.uid !== uid) {
      throw new UnsafeSocketError(`refusing the ${what} of ${file}: owned by uid ${st.uid}, not by this user (uid ${uid})`);
    }
    if ((st.mode & 0o077) !== 0) {
      throw new UnsafeSocketError(
        `refusing the ${what} of ${file}: mode ${(st.mode & 0o777).toString(8)} lets other users in (expected ${what === 'socket' ? '600' : '700'})`,
      );
    }
  }
}
