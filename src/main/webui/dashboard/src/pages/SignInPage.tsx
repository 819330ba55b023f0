import { useState, type FormEvent } from 'react';
import { sessionFromToken, type Session } from '../session';

interface Props {
  onSignedIn: (session: Session) => void;
  notice?: string;
}

interface DevToken {
  access_token: string;
  admin: boolean;
}

/** Sign-in: one click for a dev token in dev mode, otherwise a pasted JWT. */
export function SignInPage({ onSignedIn, notice }: Props) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      onSignedIn(sessionFromToken(token));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const devSignIn = async (admin: boolean) => {
    setError(null);
    const response = await fetch(`/dev/token?sub=${admin ? 'dev-admin' : 'dev-user'}&admin=${admin}`);
    if (!response.ok) {
      setError(`Dev sign-in failed (HTTP ${response.status}): the service must run in dev mode.`);
      return;
    }
    const body = (await response.json()) as DevToken;
    onSignedIn(sessionFromToken(body.access_token, body.admin));
  };

  return (
    <main className="sign-in">
      <h1>video-jobs</h1>
      {notice && <p role="status" className="notice">{notice}</p>}
      {import.meta.env.DEV && (
        <section aria-labelledby="dev-heading">
          <h2 id="dev-heading">Dev mode</h2>
          <button type="button" onClick={() => void devSignIn(false)}>Sign in as dev-user</button>{' '}
          <button type="button" onClick={() => void devSignIn(true)}>Sign in as dev-admin</button>
        </section>
      )}
      <form onSubmit={submit}>
        <label htmlFor="token">Bearer token (JWT)</label>
        <textarea id="token" rows={4} value={token} onChange={(e) => setToken(e.target.value)} spellCheck={false} required />
        <button type="submit">Sign in</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      <p className="hint">The token is kept for this tab only.</p>
    </main>
  );
}
