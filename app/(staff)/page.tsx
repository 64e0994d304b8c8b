import { UploadFlow } from '@/app/_components/upload-flow';
import { config } from '@/lib/env';

export const dynamic = 'force-dynamic';

export default function UploadPage() {
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
