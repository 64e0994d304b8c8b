import { isAppError } from '../lib/errors';

/**
 * Runs a CLI's main and exits with its code. An AppError prints as "CODE: message" and exits 1 (the
 * command was refused or failed for a documented reason); anything else prints its stack and exits
 * with `crashCode`.
 */
export function runMain(main: (argv: string[]) => Promise<number>, crashCode = 1): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      if (isAppError(e)) {
        console.error(`${e.code}: ${e.message}`);
        process.exit(1);
      }
      console.error(e);
      process.exit(crashCode);
    },
  );
}
