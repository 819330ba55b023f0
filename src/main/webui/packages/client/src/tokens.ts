/** Supplies the bearer token: the app's `getToken()` result, kept until it nears its `exp` or is refused. */
export class TokenSource {
  private token: string | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly getToken: () => string | Promise<string>,
    private readonly refreshLeadMs: number,
    private readonly now: () => number,
  ) {}

  /** The cached token, or a fresh one when there is none or it expires within the lead time. */
  current(): Promise<string> {
    if (this.token !== undefined && !this.expiresSoon(this.token)) return Promise.resolve(this.token);
    return this.refresh();
  }

  /** Asks the app for a token now; concurrent callers share one `getToken()` call. */
  refresh(): Promise<string> {
    if (!this.pending) {
      this.pending = Promise.resolve()
        .then(() => this.getToken())
        .then((token) => {
          this.token = token;
          return token;
        })
        .finally(() => {
          this.pending = undefined;
        });
    }
    return this.pending;
  }

  /** Forgets the token after the service refused it (401, close code 4001). */
  invalidate(): void {
    this.token = undefined;
  }

  private expiresSoon(token: string): boolean {
    const exp = jwtExpiry(token);
    return exp !== undefined && exp * 1000 - this.refreshLeadMs <= this.now();
  }
}

/** The `exp` claim (epoch seconds) of a JWT, or undefined when the token is not a readable JWT. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}
