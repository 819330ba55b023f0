import type { Session } from '../session';
import { ConnectionBadge } from './ConnectionBadge';
import { Link } from './Link';
import { ThemeToggle } from './ThemeToggle';

/** Navigation, the connection badge, the theme toggle and the signed-in user. */
export function Header({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  return (
    <header className="app-header">
      <nav aria-label="Main">
        <Link to="/" className="brand">video-jobs</Link>
        <Link to="/">Jobs</Link>
        <Link to="/webhooks">Webhooks</Link>
        {session.admin && <Link to="/operator">Operator</Link>}
      </nav>
      <ConnectionBadge />
      <span className="user">{session.sub}{session.admin ? ' (admin)' : ''}</span>
      <ThemeToggle />
      <button type="button" onClick={onSignOut}>Sign out</button>
    </header>
  );
}
