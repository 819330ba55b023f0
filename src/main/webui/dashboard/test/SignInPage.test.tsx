// @vitest-environment happy-dom
import { act, StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { token } from '../../packages/client/test/fakes.js';
import { SignInPage } from '../src/pages/SignInPage';
import type { Session } from '../src/session';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let signedIn: Session[];

const json = (body: object, status = 200) => new Response(JSON.stringify(body), { status });

/** The service as the page sees it: its sign-in options, and /dev/token where the build has it. */
function serve(options: () => Response, devToken?: () => Response) {
  const fetch = vi.fn(async (url: string) => {
    if (url === '/api/sign-in-options') return options();
    if (url.startsWith('/dev/token') && devToken) return devToken();
    return json({ error_code: 'NOT_FOUND' }, 404);
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

/** Renders the page and lets its question to the service settle. */
async function render() {
  signedIn = [];
  root = createRoot(document.body.appendChild(document.createElement('div')));
  await act(async () => {
    root.render(
      <StrictMode>
        <SignInPage onSignedIn={(session) => signedIn.push(session)} />
      </StrictMode>,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
}

const buttons = () => [...document.querySelectorAll('button')];
/** The sign-in buttons (the theme toggle is on the page too). */
const labels = () => buttons().map((button) => button.textContent).filter((text) => text !== 'Dark theme');

afterEach(() => {
  act(() => root.unmount());
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

describe('SignInPage', () => {
  it('offers only the pasted JWT when the service says its build has no dev sign-in', async () => {
    const fetch = serve(() => json({ dev_sign_in: false }));
    await render();
    expect(fetch).toHaveBeenCalledWith('/api/sign-in-options', expect.anything());
    expect(labels()).toEqual(['Sign in']);
  });

  it('offers only the pasted JWT when the service cannot be asked', async () => {
    serve(() => json({ error_code: 'SERVICE_UNAVAILABLE' }, 503));
    await render();
    expect(labels()).toEqual(['Sign in']);
  });

  it('signs in as dev-admin with one click when the service offers dev sign-in', async () => {
    const fetch = serve(() => json({ dev_sign_in: true }),
      () => json({ access_token: token('dev-admin'), token_type: 'Bearer', admin: true }));
    await render();
    expect(labels()).toEqual(['Sign in as dev-user', 'Sign in as dev-admin', 'Sign in']);

    await act(async () => {
      buttons().find((button) => button.textContent === 'Sign in as dev-admin')?.click();
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    expect(fetch).toHaveBeenCalledWith('/dev/token?sub=dev-admin&admin=true');
    expect(signedIn.map(({ sub, admin }) => ({ sub, admin }))).toEqual([{ sub: 'dev-admin', admin: true }]);
  });
});
