/** Types for scripts/pg-temp.mjs (plain Node, no build step), so TypeScript callers such as bench/ can import it. */
export interface TempPostgres {
  /** postgres://postgres@127.0.0.1:<port>/signet */
  url: string;
  port: number;
  dir: string;
  startupMs: number;
  stop(): Promise<void>;
}

export interface TempPostgresOptions {
  /** Server settings (`-c name=value`) overriding the disposable defaults (fsync off etc.). */
  settings?: Record<string, string>;
}

export const INSTALL_HINT: string;
export function findPostgresBin(): string | null;
export function startTempPostgres(options?: TempPostgresOptions): Promise<TempPostgres>;
