import { redirect } from 'next/navigation';
import { hasRole, requireStaff } from '@/app/_components/current-staff';
import { UploadFlow } from '@/app/_components/upload-flow';
import { config } from '@/lib/env';

export const dynamic = 'force-dynamic';

export default async function UploadPage() {
  // Auditors and other roles cannot upload: send them where they may go (the API refuses too).
  const staff = await requireStaff();
  if (!hasRole(staff, ['uploader'])) redirect(hasRole(staff, ['auditor']) ? '/requests' : '/account');
  const c = config();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Send documents for signature</h1>
          <p className="subtitle">Upload, then show the QR code to the signer. They sign on their phone with a passkey.</p>
        </div>
      </div>
      <UploadFlow documentTypes={c.documentTypes} defaultTtlHours={c.requestTtlHours} maxBytes={c.uploadMaxBytes} />
    </>
  );
}
