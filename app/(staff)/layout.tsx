import Link from 'next/link';
import { CertificateBanner } from '@/app/_components/certificate-banner';
import { SignOutButton } from '@/app/_components/sign-out-button';
import { hasRole, requireStaff } from '@/app/_components/current-staff';

export const dynamic = 'force-dynamic';

export default async function StaffLayout({ children }: { children: React.ReactNode }) {
  // Server-side gate for every staff page; the API checks roles again on each call.
  const staff = await requireStaff();
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
            {hasRole(staff, ['uploader']) && <Link href="/">Upload</Link>}
            {hasRole(staff, ['uploader', 'auditor']) && <Link href="/requests">Requests</Link>}
            <Link href="/ledger">Ledger</Link>
            {hasRole(staff, ['auditor']) && <Link href="/certificates">Certificates</Link>}
            {hasRole(staff, ['auditor']) && <Link href="/operations">Operations</Link>}
            {hasRole(staff, ['admin']) && <Link href="/admin">Admin</Link>}
          </nav>
          <div className="nav-spacer" />
          <nav className="nav" aria-label="Account">
            <a href="/api/openapi.json" className="nav-api">
              API
            </a>
            <Link href="/account" className="nav-account" title={`${staff.name} (${staff.roles.join(', ')})`}>
              {staff.name}
            </Link>
            <SignOutButton />
          </nav>
        </div>
      </header>
      <CertificateBanner />
      <main className="page">{children}</main>
    </>
  );
}
