import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';
import { API_CSP } from './lib/http/security-headers';

/**
 * Hosts other than localhost that may load dev-server assets (`next dev` only), e.g. the HTTPS
 * hostname a phone reaches through a tunnel. Comma-separated, from ALLOWED_DEV_ORIGINS.
 */
const allowedDevOrigins = (process.env.ALLOWED_DEV_ORIGINS ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files it loads from its own package directory at run time.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres'],
  allowedDevOrigins,
  poweredByHeader: false,
  typedRoutes: false,
  // `next build` checks the app; `npm run typecheck` checks everything, tests included.
  typescript: { tsconfigPath: 'tsconfig.build.json' },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
        ],
      },
      // Pages get a nonce-based CSP from proxy.ts; API responses a fixed one (lib/http/security-headers.ts).
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CSP }] },
    ];
  },
};

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

export default withNextIntl(nextConfig);
