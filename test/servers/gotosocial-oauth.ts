// GoToSocial has no CLI for tokens and no password grant: this drives the OAuth authorization-code flow over HTTP
// the way a browser would (register an app, sign in with a session cookie, authorize, exchange the code).

const OOB = 'urn:ietf:wg:oauth:2.0:oob';

export const DEFAULT_SCOPES = 'read write admin';

/** Just enough of a cookie jar for one host: name=value pairs, no paths or expiry. */
class CookieJar {
  readonly #cookies = new Map<string, string>();

  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';', 1)[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) this.#cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

async function expectRedirect(res: Response, step: string): Promise<URL> {
  const location = res.headers.get('location');
  if (res.status < 300 || res.status >= 400 || !location) {
    throw new Error(`OAuth ${step}: expected a redirect, got ${res.status} ${(await res.text()).slice(0, 500)}`);
  }
  return new URL(location, res.url);
}

async function expectJson<T>(res: Response, step: string): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`OAuth ${step}: ${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** Signs `email`/`password` in at `url` and returns an access token with `scopes` (space separated). */
export async function obtainAccessToken(
  url: string,
  email: string,
  password: string,
  scopes = DEFAULT_SCOPES,
): Promise<string> {
  const app = await expectJson<{ client_id: string; client_secret: string }>(
    await fetch(`${url}/api/v1/apps`, {
      method: 'POST',
      body: new URLSearchParams({ client_name: 'fedimoot-tests', redirect_uris: OOB, scopes }),
    }),
    'register app',
  );

  const jar = new CookieJar();
  const html = { accept: 'text/html' };
  const authorize = `${url}/oauth/authorize?${new URLSearchParams({
    client_id: app.client_id,
    redirect_uri: OOB,
    response_type: 'code',
    scope: scopes,
  })}`;
  let res = await fetch(authorize, { headers: html, redirect: 'manual' });
  jar.store(res);
  const signIn = await expectRedirect(res, 'authorize (signed out)');

  res = await fetch(signIn, {
    method: 'POST',
    headers: { ...html, cookie: jar.header() },
    body: new URLSearchParams({ username: email, password }),
    redirect: 'manual',
  });
  jar.store(res);
  const back = await expectRedirect(res, 'sign in');
  if (!back.pathname.endsWith('/oauth/authorize')) {
    throw new Error(`OAuth sign in: redirected to ${back.pathname} (account not confirmed, approved or enabled?)`);
  }

  res = await fetch(`${url}/oauth/authorize`, {
    method: 'POST',
    headers: { ...html, cookie: jar.header() },
    redirect: 'manual',
  });
  const code = (await expectRedirect(res, 'authorize')).searchParams.get('code');
  if (!code) throw new Error(`OAuth authorize: no code in ${res.headers.get('location')}`);

  const token = await expectJson<{ access_token: string }>(
    await fetch(`${url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        client_id: app.client_id,
        client_secret: app.client_secret,
        redirect_uri: OOB,
        scope: scopes,
      }),
    }),
    'token',
  );
  return token.access_token;
}
