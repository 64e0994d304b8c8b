import { exportChainPem } from '@/lib/certificates/export-chain';
import { appContext } from '@/lib/context';
import { route } from '@/lib/http/respond';

export const GET = route(
  async () =>
    new Response(await exportChainPem(await appContext()), {
      headers: {
        'Content-Type': 'application/pem-certificate-chain',
        'Content-Disposition': 'attachment; filename="signet-certificate-chain.pem"',
        'Cache-Control': 'no-store',
      },
    }),
  { roles: ['admin', 'auditor'], action: 'certificate.chain' },
);
