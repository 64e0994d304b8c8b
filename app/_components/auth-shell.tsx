import { LocaleSwitcher } from './locale-switcher';

/** The frame of the pages a visitor sees before signing in (sign-in, enrolment, first-time setup). */
export function AuthShell({ children, label }: { children: React.ReactNode; label: string }) {
  return (
    <>
      <header className="phone-top">
        <span className="brand-mark" aria-hidden>
          ✓
        </span>
        <strong>Signet</strong>
        <span className="muted small phone-top-label">{label}</span>
        <LocaleSwitcher />
      </header>
      <main className="page-narrow auth-page" id="main">
        {children}
      </main>
    </>
  );
}
