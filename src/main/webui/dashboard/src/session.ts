/** The signed-in user of this tab: a bearer token kept in sessionStorage, and what its claims say. */
export interface Session {
  token: string;
  sub: string;
  admin: boolean;
  /** Epoch seconds; undefined when the token has no exp. */
  expiresAt?: number;
}

const KEY = 'video-jobs.session';

/** Reads a JWT's claims without verifying it (the service verifies; this only labels the UI). */
export function sessionFromToken(token: string, admin?: boolean): Session {
  const parts = token.trim().split('.');
  if (parts.length !== 3) throw new Error('That is not a JWT: it needs three dot-separated parts.');
  let claims: Record<string, unknown>;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    claims = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))) as Record<string, unknown>;
  } catch {
    throw new Error('The JWT payload is not readable JSON.');
  }
  if (typeof claims.sub !== 'string') throw new Error('The JWT has no sub claim.');
  const session: Session = { token: token.trim(), sub: claims.sub, admin: admin ?? hasAdminRole(claims) };
  if (typeof claims.exp === 'number') session.expiresAt = claims.exp;
  return session;
}

function hasAdminRole(claims: Record<string, unknown>): boolean {
  const appMetadata = claims.app_metadata as Record<string, unknown> | undefined;
  return [claims.groups, claims.roles, appMetadata?.roles].some((roles) => Array.isArray(roles) && roles.includes('admin'));
}

export function isExpired(session: Session, nowSeconds = Date.now() / 1000): boolean {
  return session.expiresAt !== undefined && session.expiresAt <= nowSeconds;
}

export function loadSession(): Session | null {
  const stored = sessionStorage.getItem(KEY);
  if (!stored) return null;
  try {
    const session = JSON.parse(stored) as Session;
    return isExpired(session) ? null : session;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}
