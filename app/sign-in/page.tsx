import { redirect } from 'next/navigation';
import { AuthShell } from '@/app/_components/auth-shell';
import { SignInForm } from '@/app/_components/staff-passkey';
import { currentStaff } from '@/app/_components/current-staff';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in', robots: { index: false } };

export default async function SignInPage() {
  if (await currentStaff()) redirect('/');
  return (
    <AuthShell>
      <div className="card">
        <h1>Sign in</h1>
        <p className="muted">Use the passkey you created for Signet: your device asks for your fingerprint, face or PIN. There are no passwords.</p>
        <SignInForm />
        <p className="muted small" style={{ marginTop: 16, marginBottom: 0 }}>
          Lost your passkey? Ask an admin for a new invite link. An administrator who is locked out runs <code>npm run admin:invite -- --role admin</code> on the server.
        </p>
      </div>
    </AuthShell>
  );
}
