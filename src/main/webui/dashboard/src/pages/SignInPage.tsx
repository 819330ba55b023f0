import { useState, type FormEvent } from 'react';
import { DevSignIn } from '../components/DevSignIn';
import { ThemeToggle } from '../components/ThemeToggle';
import { sessionFromToken, type Session } from '../session';

interface Props {
  onSignedIn: (session: Session) => void;
  notice?: string;
}

/** Sign-in: one click for a dev token where the service offers it, otherwise a pasted JWT. */
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

  return (
    <main className="sign-in">
      <div className="sign-in-top"><ThemeToggle /></div>
      <h1>video-jobs</h1>
      {notice && <p role="status" className="notice">{notice}</p>}
      <DevSignIn onSignedIn={onSignedIn} onError={setError} />
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
