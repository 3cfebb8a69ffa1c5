import { FormEvent, useState } from 'react';
import { answer, ApiError, ledgerClient } from '../api/client';
import { ProblemMessage } from '../ui/problem';
import { Session } from './session';

const ROLES = ['global-admin', 'admin-agent', 'sales-agent', 'billing-admin', 'helpdesk-agent'] as const;
/** The demo partners the embedded mode seeds (and a second one, to see that partners do not see each other: R1). */
const DEMO_PARTNERS = ['demo-partner', 'partner-b'];

async function sessionFor(token: string): Promise<Session> {
  const me = await answer(ledgerClient(token).GET('/v1/me'));
  return { token, me };
}

/** Development: pick a demo partner and roles, the API mints the token (a route absent in production). Otherwise: paste a bearer token. */
export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [partner, setPartner] = useState(DEMO_PARTNERS[0]);
  const [roles, setRoles] = useState<string[]>(['global-admin']);
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [devUnavailable, setDevUnavailable] = useState(false);

  const toggleRole = (role: string) => setRoles((current) => (current.includes(role) ? current.filter((r) => r !== role) : [...current, role]));

  async function devSignIn(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const response = await fetch('/v1/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ partnerId: partner, roles }) });
      const body = await response.json().catch(() => ({}));
      if (response.status === 404) {
        setDevUnavailable(true);
        return;
      }
      if (!response.ok) throw new ApiError(response.status, body);
      onSignedIn(await sessionFor(body.token));
    } catch (e) {
      setError(e);
    }
  }

  async function tokenSignIn(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      onSignedIn(await sessionFor(pasted.trim()));
    } catch (e) {
      setError(e);
    }
  }

  return (
    <main className="sign-in">
      <h1>Partner console</h1>
      <ProblemMessage error={error} />
      <section aria-labelledby="dev-sign-in">
        <h2 id="dev-sign-in">Development sign-in</h2>
        {devUnavailable ? (
          <p role="status">Development sign-in is not available on this server (production): paste a bearer token below.</p>
        ) : (
          <form onSubmit={devSignIn}>
            <label>
              Demo partner
              <select value={partner} onChange={(e) => setPartner(e.target.value)}>
                {DEMO_PARTNERS.map((p) => (
                  <option key={p}>{p}</option>
                ))}
              </select>
            </label>
            <fieldset>
              <legend>Roles</legend>
              {ROLES.map((role) => (
                <label key={role} className="inline">
                  <input type="checkbox" checked={roles.includes(role)} onChange={() => toggleRole(role)} /> {role}
                </label>
              ))}
            </fieldset>
            <button type="submit" disabled={roles.length === 0}>
              Sign in as {partner}
            </button>
          </form>
        )}
      </section>
      <section aria-labelledby="token-sign-in">
        <h2 id="token-sign-in">Sign in with a bearer token</h2>
        <form onSubmit={tokenSignIn}>
          <label>
            Bearer token
            <textarea value={pasted} onChange={(e) => setPasted(e.target.value)} rows={3} autoComplete="off" spellCheck={false} />
          </label>
          <button type="submit" disabled={!pasted.trim()}>
            Sign in with token
          </button>
        </form>
      </section>
    </main>
  );
}
