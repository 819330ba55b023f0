import { useEffect, useState } from 'react';
import { sessionFromToken, type Session } from '../session';

interface Props {
  onSignedIn: (session: Session) => void;
  onError: (message: string) => void;
}

interface SignInOptions {
  dev_sign_in: boolean;
}

interface DevToken {
  access_token: string;
  admin: boolean;
}

/** Asks the service once whether this build has `/dev/token`; false until it answers, and on any failure. */
function useDevSignInOffered(): boolean {
  const [offered, setOffered] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    fetch('/api/sign-in-options', { signal: controller.signal })
      .then(async (response) => response.ok && ((await response.json()) as SignInOptions).dev_sign_in)
      .then(setOffered, () => setOffered(false));
    return () => controller.abort();
  }, []);
  return offered;
}

/**
 * One-click sign-in as `dev-user` or `dev-admin`, shown only when the service says its build has the dev-token
 * endpoint (`quarkus:dev`, or a test that turns it on), so the same bundle shows nothing in prod.
 */
export function DevSignIn({ onSignedIn, onError }: Props) {
  const offered = useDevSignInOffered();
  if (!offered) return null;

  const signIn = async (admin: boolean) => {
    const response = await fetch(`/dev/token?sub=${admin ? 'dev-admin' : 'dev-user'}&admin=${admin}`);
    if (!response.ok) {
      onError(`Dev sign-in failed (HTTP ${response.status}).`);
      return;
    }
    const body = (await response.json()) as DevToken;
    onSignedIn(sessionFromToken(body.access_token, body.admin));
  };

  return (
    <section aria-labelledby="dev-heading">
      <h2 id="dev-heading">Dev mode</h2>
      <button type="button" onClick={() => void signIn(false)}>Sign in as dev-user</button>{' '}
      <button type="button" onClick={() => void signIn(true)}>Sign in as dev-admin</button>
    </section>
  );
}
