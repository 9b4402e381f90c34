import { ROLES } from './auth.ts';
import type { AccountRecord, FakeState, StatusRecord } from './state.ts';

export interface InstanceInfo {
  domain: string;
  version: string;
  title: string;
  /** Admin setting "show domain blocks": to everyone, to signed-in users, or not at all. */
  showDomainBlocks: 'all' | 'users' | 'disabled';
}

function midnight(iso: string): string {
  return `${iso.slice(0, 10)}T00:00:00.000Z`;
}

function acctOf(a: AccountRecord): string {
  return a.domain === null ? a.username : `${a.username}@${a.domain}`;
}

function profileUrl(state: FakeState, a: AccountRecord): string {
  return `https://${a.domain ?? state.domain}/@${a.username}`;
}

/** REST::AccountSerializer (public view). */
export function accountEntity(state: FakeState, a: AccountRecord): Record<string, unknown> {
  const url = profileUrl(state, a);
  const out: Record<string, unknown> = {
    id: a.id,
    username: a.username,
    acct: acctOf(a),
    display_name: a.suspended ? '' : a.display_name,
    locked: a.locked,
    bot: a.bot,
    discoverable: true,
    indexable: false,
    group: false,
    created_at: midnight(a.created_at),
    note: a.suspended ? '' : a.note,
    url,
    uri: `https://${a.domain ?? state.domain}/users/${a.username}`,
    avatar: `https://${state.domain}/avatars/original/missing.png`,
    avatar_static: `https://${state.domain}/avatars/original/missing.png`,
    header: `https://${state.domain}/headers/original/missing.png`,
    header_static: `https://${state.domain}/headers/original/missing.png`,
    followers_count: a.followers_count,
    following_count: a.following_count,
    statuses_count: a.statuses_count,
    last_status_at: null,
    hide_collections: a.hide_collections,
    noindex: false,
    emojis: [],
    roles: [],
    fields: [],
  };
  if (a.suspended) out['suspended'] = true;
  if (a.silenced) out['limited'] = true;
  return out;
}

export function roleEntity(state: FakeState, a: AccountRecord): Record<string, unknown> {
  const role = ROLES[a.role];
  return {
    id: role.id,
    name: role.name,
    permissions: String(state.permissionsOf(a)),
    color: role.color,
    highlighted: role.highlighted,
  };
}

/** REST::CredentialAccountSerializer: the account plus `source` and `role`. */
export function credentialAccountEntity(state: FakeState, a: AccountRecord): Record<string, unknown> {
  return {
    ...accountEntity(state, a),
    source: { privacy: 'public', sensitive: false, language: null, note: a.note, fields: [], follow_requests_count: 0 },
    role: roleEntity(state, a),
  };
}

/** REST::Admin::AccountSerializer. */
export function adminAccountEntity(state: FakeState, a: AccountRecord): Record<string, unknown> {
  const local = a.domain === null;
  return {
    id: a.id,
    username: a.username,
    domain: a.domain,
    created_at: a.created_at,
    email: local ? a.email : null,
    ip: null,
    ips: [],
    locale: local ? 'en' : null,
    invite_request: null,
    role: local ? roleEntity(state, a) : null,
    confirmed: local && a.confirmed,
    approved: local && a.approved,
    disabled: local && a.disabled,
    silenced: a.silenced,
    suspended: a.suspended,
    sensitized: false,
    account: accountEntity(state, a),
  };
}

export function statusEntity(state: FakeState, s: StatusRecord): Record<string, unknown> {
  const account = state.accounts.get(s.account_id)!;
  const url = `https://${state.domain}/@${account.username}/${s.id}`;
  return {
    id: s.id,
    created_at: s.created_at,
    in_reply_to_id: s.in_reply_to_id,
    in_reply_to_account_id: null,
    sensitive: s.sensitive,
    spoiler_text: s.spoiler_text,
    visibility: s.visibility,
    language: s.language,
    uri: `https://${state.domain}/users/${account.username}/statuses/${s.id}`,
    url,
    replies_count: 0,
    reblogs_count: 0,
    favourites_count: 0,
    edited_at: null,
    content: s.content,
    reblog: null,
    application: { name: 'fedimoot', website: null },
    account: accountEntity(state, account),
    media_attachments: [],
    mentions: s.mentions.map((acct) => {
      const m = state.accountByAcct(acct);
      const [username] = acct.split('@');
      return { id: m?.id ?? '0', username: m?.username ?? username, acct, url: m ? profileUrl(state, m) : '' };
    }),
    tags: [],
    emojis: [],
    card: null,
    poll: null,
  };
}

const STATUS_CONFIG = { max_characters: 500, max_media_attachments: 4, characters_reserved_per_url: 23 };

export function instanceV1(state: FakeState, info: InstanceInfo): Record<string, unknown> {
  const locals = [...state.accounts.values()].filter((a) => a.domain === null);
  return {
    uri: info.domain,
    title: info.title,
    short_description: '',
    description: '',
    email: `admin@${info.domain}`,
    version: info.version,
    urls: { streaming_api: `wss://${info.domain}` },
    stats: { user_count: locals.length, status_count: state.statuses.length, domain_count: state.measures.size },
    thumbnail: null,
    languages: ['en'],
    registrations: false,
    approval_required: true,
    invites_enabled: true,
    configuration: { accounts: { max_featured_tags: 10 }, statuses: STATUS_CONFIG },
    contact_account: null,
    rules: [],
  };
}

export function instanceV2(state: FakeState, info: InstanceInfo): Record<string, unknown> {
  return {
    domain: info.domain,
    title: info.title,
    version: info.version,
    source_url: 'https://github.com/mastodon/mastodon',
    description: '',
    usage: { users: { active_month: [...state.accounts.values()].filter((a) => a.domain === null).length } },
    thumbnail: { url: `https://${info.domain}/packs/media/images/preview.png` },
    icon: [],
    languages: ['en'],
    configuration: {
      urls: { streaming: `wss://${info.domain}`, status: null, about: `https://${info.domain}/about` },
      accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
      statuses: STATUS_CONFIG,
      translation: { enabled: false },
    },
    registrations: { enabled: false, approval_required: true, message: null, url: null },
    api_versions: { mastodon: 2 },
    contact: { email: `admin@${info.domain}`, account: null },
    rules: [],
  };
}
