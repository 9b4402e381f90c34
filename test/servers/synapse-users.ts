// Accounts on a test Synapse: shared-secret registration (admin API) and password login.
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export interface MatrixSession {
  userId: string;
  accessToken: string;
  deviceId: string;
}

/** Registers a user with the shared-secret admin API (`/_synapse/admin/v1/register`, HMAC-SHA1 over a nonce). */
export async function registerUser(
  url: string,
  sharedSecret: string,
  localpart: string,
  password: string,
  options: { admin?: boolean } = {},
): Promise<MatrixSession> {
  const endpoint = `${url}/_synapse/admin/v1/register`;
  const { nonce } = (await jsonRequest('GET', endpoint)) as { nonce: string };
  const admin = options.admin ?? false;
  const mac = createHmac('sha1', sharedSecret)
    .update([nonce, localpart, password, admin ? 'admin' : 'notadmin'].join('\0'))
    .digest('hex');
  const body = await jsonRequest('POST', endpoint, { nonce, username: localpart, password, admin, mac });
  return session(body);
}

export async function login(url: string, user: string, password: string): Promise<MatrixSession> {
  const body = await jsonRequest('POST', `${url}/_matrix/client/v3/login`, {
    type: 'm.login.password',
    identifier: { type: 'm.id.user', user },
    password,
  });
  return session(body);
}

function session(body: unknown): MatrixSession {
  const b = body as { user_id: string; access_token: string; device_id: string };
  return { userId: b.user_id, accessToken: b.access_token, deviceId: b.device_id };
}

async function jsonRequest(method: string, url: string, body?: unknown): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status === 429 && attempt < 5) {
      const retry = (JSON.parse(text) as { retry_after_ms?: number }).retry_after_ms ?? 1000;
      await sleep(retry);
      continue;
    }
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${text}`);
    return JSON.parse(text);
  }
}
