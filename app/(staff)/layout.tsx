import Link from 'next/link';
import { CertificateBanner } from '@/app/_components/certificate-banner';

export default function StaffLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <Link href="/" className="brand">
            <span className="brand-mark" aria-hidden>
              ✓
            </span>
            Signet
          </Link>
          <nav className="nav" aria-label="Main">
            <Link href="/">Upload</Link>
            <Link href="/requests">Requests</Link>
            <Link href="/ledger">Ledger</Link>
            <Link href="/certificates">Certificates</Link>
            <Link href="/operations">Operations</Link>
          </nav>
          <div className="nav-spacer" />
          <nav className="nav" aria-label="Developer">
            <a href="/api/openapi.json">API</a>
          </nav>
        </div>
      </header>
      <CertificateBanner />
      <main className="page">{children}</main>
    </>
  );
}
