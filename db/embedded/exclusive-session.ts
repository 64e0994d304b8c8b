import { type PGlite, protocol } from '@electric-sql/pglite';

/**
 * PGlite has one backend session, shared by the server's own queries and by every client of the
 * Unix socket. PGlite's transaction mutex keeps the server's queries and transactions whole, and
 * pglite-socket's queue keeps one socket client's messages together while `isInTransaction()` is
 * true. Neither alone is enough:
 *
 * - a socket message only takes PGlite's query mutex, so it could run inside one of the server's
 *   transactions, and the server's queries could run inside a socket client's transaction;
 * - the extended query protocol (PostgreSQL protocol §55.2.3: Parse, Bind, Execute … Sync) arrives
 *   as several messages. Between them PGlite is not "in a transaction block", so another client's
 *   Parse could replace the unnamed statement that this client is about to Bind.
 *
 * So this facade, handed to PGLiteSocketServer in place of the PGlite instance, holds PGlite's
 * transaction mutex from a socket client's first message until that client's message sequence ends
 * (a Sync or a simple Query, outside any transaction block), and reports `isInTransaction()` true for
 * that whole time so the socket queue serves the same client next. The server's own queries wait for
 * the mutex exactly as they wait for each other. Only the members pglite-socket 0.2 calls are here.
 */
export class ExclusiveSession {
  private release: (() => void) | null = null;
  private lastType = 0;

  constructor(private readonly pg: PGlite) {}

  get waitReady(): Promise<void> {
    return this.pg.waitReady;
  }

  isInTransaction(): boolean {
    return this.release !== null;
  }

  async runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.release) await this.hold();
    try {
      return await this.pg._runExclusiveQuery(fn);
    } finally {
      if (this.sequenceEnded()) this.letGo();
    }
  }

  execProtocolRawStream(message: Uint8Array, options: { syncToFs?: boolean; onRawData: (data: Uint8Array) => void }): Promise<void> {
    // A StartupMessage has no type byte (its first byte is the high byte of its length, 0).
    this.lastType = message[0] ?? 0;
    return this.pg.execProtocolRawStream(message, { syncToFs: options.syncToFs ?? true, onRawData: options.onRawData });
  }

  /** pglite-socket calls exec('ROLLBACK') when a client disconnects mid-transaction. */
  async exec(query: string): Promise<void> {
    if (!this.release) await this.hold();
    try {
      await this.pg._runExclusiveQuery(async () => {
        await this.pg.execProtocolRaw(protocol.serialize.sync()); // ends an unfinished extended-protocol sequence
        if (this.pg.isInTransaction()) await this.pg.execProtocolRaw(protocol.serialize.query(query));
      });
    } finally {
      this.letGo();
    }
  }

  private sequenceEnded(): boolean {
    const type = String.fromCharCode(this.lastType);
    const boundary = this.lastType === 0 || type === 'S' || type === 'Q' || type === 'X';
    return boundary && !this.pg.isInTransaction();
  }

  /** Takes PGlite's transaction mutex and keeps it until letGo(). */
  private hold(): Promise<void> {
    return new Promise<void>((held) => {
      void this.pg._runExclusiveTransaction(
        () =>
          new Promise<void>((release) => {
            this.release = release;
            held();
          }),
      );
    });
  }

  private letGo(): void {
    const release = this.release;
    this.release = null;
    release?.();
  }
}
