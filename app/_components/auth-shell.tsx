/** The frame of the pages a visitor sees before signing in (sign-in, enrolment). */
export function AuthShell({ children }: { children: React.ReactNode }) {
  return (
    <>
      <header className="phone-top">
        <span className="brand-mark" aria-hidden>
          ✓
        </span>
        <strong>Signet</strong>
        <span className="muted small" style={{ marginLeft: 'auto' }}>
          Staff sign-in
        </span>
      </header>
      <main className="page-narrow auth-page">{children}</main>
    </>
  );
}
