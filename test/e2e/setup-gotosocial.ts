// vitest globalSetup: one real GoToSocial for the e2e project, data under the OS tmp dir, stopped at teardown.
import type { TestProject } from 'vitest/node';
import { startGoToSocial } from '../servers/gotosocial.ts';

export interface ProvidedGoToSocialUser {
  acct: string;
  accountId: string;
  /** Scopes `read write admin`, but the user is no admin. */
  token: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    gotosocial: {
      url: string;
      /** GoToSocial's `host` setting (`127.0.0.1:<port>`): the domain part of its users' full handles. */
      host: string;
      /** Scopes `read write admin`. */
      adminToken: string;
      adminAccountId: string;
      /** To sign the admin in for tokens with other scopes (`obtainAccessToken` in test/servers/gotosocial.ts). */
      adminEmail: string;
      adminPassword: string;
      /** Two plain local users, `alice` and `bob`. */
      users: Record<'alice' | 'bob', ProvidedGoToSocialUser>;
    };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startGoToSocial({ users: ['alice', 'bob'] });
  const user = (name: 'alice' | 'bob'): ProvidedGoToSocialUser => {
    const { acct, accountId, token } = server.users[name]!;
    return { acct, accountId, token };
  };
  project.provide('gotosocial', {
    url: server.url,
    host: server.host,
    adminToken: server.adminToken,
    adminAccountId: server.adminAccount.accountId,
    adminEmail: server.adminAccount.email,
    adminPassword: server.adminAccount.password,
    users: { alice: user('alice'), bob: user('bob') },
  });
  return async () => {
    await server.stop();
  };
}
