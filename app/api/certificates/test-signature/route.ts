import { testSignature } from '@/lib/certificates/test-signature';
import { appContext } from '@/lib/context';
import { route } from '@/lib/http/respond';

export const POST = route(async () => testSignature(await appContext()), { roles: ['admin'], action: 'certificate.test_signature' });
