import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The API reference renderer: Scalar's self-contained browser build (@scalar/api-reference), served
 * from this origin so the page's CSP (script-src 'self' + nonce, 'strict-dynamic') needs no CDN.
 * Read once per process; the version is the cache key the page puts in the URL.
 */
const PACKAGE_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), 'node_modules', '@scalar', 'api-reference');

let bundle: Promise<{ version: string; body: Buffer }> | undefined;

export function referenceBundle(): Promise<{ version: string; body: Buffer }> {
  bundle ??= (async () => {
    const pkg = JSON.parse(await readFile(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string };
    return { version: pkg.version, body: await readFile(path.join(PACKAGE_DIR, 'dist', 'browser', 'standalone.js')) };
  })();
  bundle.catch(() => (bundle = undefined));
  return bundle;
}

/** The version in use, for the script URL (changes whenever the package is upgraded). */
export async function referenceBundleVersion(): Promise<string> {
  return (await referenceBundle()).version;
}
