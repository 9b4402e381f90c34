// `impact <domain> mine` in a direct message the member's client encrypts, as Element does: the answer and its file
// arrive encrypted (the file as an encrypted attachment, so the homeserver holds only ciphertext), and the member's
// client decrypts both. Accounts and follows on the Mastodon contract fake.
import { createDecipheriv, createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnownMembership } from 'matrix-js-sdk';
import { startMastodonFake, type MastodonFake } from '../fakes/mastodon/index.ts';
import { waitForDecryptedEvent } from './support/js-sdk-user.ts';
import { createEncryptedWorld, MEGOLM_STATE, say, type EncryptedWorld, type Person } from './support/encrypted-world.ts';

let fake: MastodonFake;
let world: EncryptedWorld;

beforeAll(async () => {
  fake = await startMastodonFake({ rateLimit: false });
  const mia = fake.state.addAccount({ username: 'mia' });
  for (const username of ['ana', 'ben']) fake.state.follow(mia, fake.state.addAccount({ username, domain: 'threads.net' }));
  world = await createEncryptedWorld(1, { mastodon: { url: fake.url, accessToken: fake.tokens.admin, requestTimeout: '20s' } });
  await world.botProcess.start(60_000);
});

afterAll(async () => {
  await world?.stop();
  await fake?.stop();
});

interface EncryptedFile {
  url: string;
  key: { k: string };
  iv: string;
  hashes: { sha256: string };
}

/** Downloads an encrypted attachment and decrypts it as a client does (AES-256-CTR, checked against its SHA-256). */
async function decryptAttachment(person: Person, file: EncryptedFile): Promise<string> {
  const [server, id] = file.url.replace('mxc://', '').split('/');
  const res = await fetch(`${person.client.baseUrl}/_matrix/client/v1/media/download/${server}/${id}`, { headers: { authorization: `Bearer ${person.client.getAccessToken()}` } });
  const ciphertext = Buffer.from(await res.arrayBuffer());
  expect(createHash('sha256').update(ciphertext).digest('base64').replace(/=+$/, '')).toBe(file.hashes.sha256);
  const decipher = createDecipheriv('aes-256-ctr', Buffer.from(file.key.k, 'base64url'), Buffer.from(file.iv, 'base64'));
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
}

describe('personal impact in an encrypted direct message', () => {
  it('answers with figures and an encrypted CSV the member’s client decrypts', async () => {
    const [m0] = world.members as [Person];
    const { room_id: dm } = await m0.client.createRoom({ preset: 'trusted_private_chat' as never, is_direct: true, invite: [world.bot.userId], initial_state: [MEGOLM_STATE] });
    for (let i = 0; i < 300 && m0.client.getRoom(dm)?.getMember(world.bot.userId)?.membership !== KnownMembership.Join; i++) await sleep(100);

    await say(world, m0, dm, '!moot link @mia', /^I sent a code/);
    const code = /Your fedimoot code is ([A-Z0-9]{8})/.exec(fake.state.statuses.at(-1)!.text)![1]!;
    expect(await say(world, m0, dm, `!moot verify ${code}`, /^Linked/)).toBe('Linked: your Matrix account now stands for @mia on the instance.');

    const file = waitForDecryptedEvent(m0, dm, world.bot.userId, (e) => e.getType() === 'm.room.message' && e.getContent().msgtype === 'm.file', 60_000);
    expect(await say(world, m0, dm, '!moot impact threads.net mine', /^If threads\.net/)).toMatch(
      /^If threads\.net \(with its subdomains\) were cut off, @mia would lose: you follow 2 accounts there; 0 accounts there follow you; none of them is a mutual\./,
    );
    const event = await file;
    expect(event.isEncrypted()).toBe(true);
    const content = event.getContent() as { body: string; url?: string; file?: EncryptedFile; info: { mimetype: string } };
    expect(content).toMatchObject({ body: 'following-threads.net.csv', info: { mimetype: 'text/csv' } });
    expect(content.url).toBeUndefined();
    expect(await decryptAttachment(m0, content.file!)).toBe('Account address,Show boosts,Notify on new posts,Languages\nben@threads.net,true,false,\nana@threads.net,true,false,\n');
  });
});
