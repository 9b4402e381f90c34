// The questions `fedimoot check` asks the instance, on the gateway's transport: is it there, does it take the token,
// may the token read and change domain blocks, does it give impact figures. Answers come back as the instance gave
// them (its status and its own words), for the check to say what to fix; nothing on the server changes.
import type { AccessProbe, InstanceAnswer } from './gateway.ts';
import { errorText, type HttpReply, type InstanceHttp } from './http.ts';
import { readInstanceInfo } from './instance-info.ts';
import { readPages } from './pages.ts';
import { BLOCKS_PATH, BLOCKS_PAGE, measuresRequest, NO_MEASURES } from './wire.ts';

/** An id no block has (Mastodon's ids count from 1, GoToSocial's are ULIDs): changing it proves the scope, harmlessly. */
const NO_SUCH_BLOCK = '00000000000000000000000000';

const answer = (reply: HttpReply): InstanceAnswer => ({ status: reply.status, said: errorText(reply.body) });

export function accessProbe(http: InstanceHttp, now: () => number): AccessProbe {
  return {
    instanceInfo: () => readInstanceInfo(http),

    async credentials() {
      const reply = await http.request({ method: 'GET', path: '/api/v1/accounts/verify_credentials' });
      const acct = reply.status === 200 ? (reply.body as { acct?: unknown }).acct : undefined;
      return { ...answer(reply), ...(typeof acct === 'string' ? { acct } : {}) };
    },

    async readBlocks() {
      const read = await readPages(http, BLOCKS_PAGE);
      return 'refused' in read ? answer(read.refused) : { status: 200, said: '', count: read.items.length };
    },

    async writeBlocks() {
      // Both check the scope first, then (GoToSocial: after refusing an empty form) look the block up: "not found"
      // means the scope is there, and nothing changed.
      return answer(await http.request({ method: 'PUT', path: `${BLOCKS_PATH}/${NO_SUCH_BLOCK}`, form: { obfuscate: false } }));
    },

    async measures() {
      const day = new Date(now());
      const { json, keys } = measuresRequest('example.invalid', day, day);
      const reply = await http.request({ method: 'POST', path: '/api/v1/admin/measures', json, passThrough: NO_MEASURES });
      if (reply.status === 200 && Array.isArray(reply.body) && reply.body.some((m) => keys.includes((m as { key?: string }).key ?? ''))) return { kind: 'reported' };
      // A server that knows measures but not these keys answers without them: no figures either.
      if (NO_MEASURES.includes(reply.status) || reply.status === 200) return { kind: 'none' };
      return { kind: 'refused', answer: answer(reply) };
    },
  };
}
