import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { CertificateBanner } from '@/app/_components/certificate-banner';
import { LocaleSwitcher } from '@/app/_components/locale-switcher';
import { SignOutButton } from '@/app/_components/sign-out-button';
import { hasRole, requireStaff } from '@/app/_components/current-staff';
import { appContext } from '@/lib/context';
import { organizationName } from '@/lib/organization/organization-name';

export const dynamic = 'force-dynamic';

export default async function StaffLayout({ children }: { children: React.ReactNode }) {
  // Server-side gate for every staff page; the API checks roles again on each call.
  const staff = await requireStaff();
  const organization = await organizationName(await appContext());
  const t = await getTranslations('nav');
  const tr = await getTranslations('roles');
  const links = [
    hasRole(staff, ['uploader']) && { href: '/', label: t('upload') },
    hasRole(staff, ['uploader', 'auditor']) && { href: '/requests', label: t('requests') },
    hasRole(staff, ['uploader', 'auditor']) && { href: '/batches', label: t('batches') },
    { href: '/ledger', label: t('ledger') },
    hasRole(staff, ['auditor']) && { href: '/certificates', label: t('certificates') },
    hasRole(staff, ['auditor']) && { href: '/operations', label: t('operations') },
    hasRole(staff, ['admin']) && { href: '/admin', label: t('admin') },
    { href: '/api-docs', label: t('api') },
  ].filter((l): l is { href: string; label: string } => Boolean(l));
  const roles = staff.roles.map((r) => tr(r)).join(t('listSeparator'));
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skip')}
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link href="/" className="brand">
            <span className="brand-mark" aria-hidden>
              ✓
            </span>
            <span className="brand-name">
              Signet
              <span className="brand-org" data-testid="organization-name" title={organization}>
                {organization}
              </span>
            </span>
          </Link>
          <nav className="nav nav-desktop" aria-label={t('main')}>
            {links.map((l) => (
              <Link key={l.href} href={l.href}>
                {l.label}
              </Link>
            ))}
          </nav>
          <div className="nav-spacer" />
          <div className="nav nav-desktop nav-account-group">
            <LocaleSwitcher signedIn />
            <Link href="/account" className="nav-account" title={`${staff.name} (${roles})`}>
              {staff.name}
            </Link>
            <SignOutButton />
          </div>
          <details className="nav-mobile">
            <summary data-testid="menu-button">
              <span aria-hidden className="menu-icon">
                ☰
              </span>
              {t('menu')}
            </summary>
            <div className="nav-mobile-panel">
              <nav aria-label={t('main')}>
                {links.map((l) => (
                  <Link key={l.href} href={l.href}>
                    {l.label}
                  </Link>
                ))}
              </nav>
              <div className="nav-mobile-foot">
                <Link href="/account" className="nav-account">
                  {staff.name}
                  <span className="small muted"> · {roles}</span>
                </Link>
                <div className="row">
                  <LocaleSwitcher signedIn />
                  <SignOutButton />
                </div>
              </div>
            </div>
          </details>
        </div>
      </header>
      <CertificateBanner />
      <main className="page" id="main">
        {children}
      </main>
    </>
  );
}
