import { describe, expect, it } from 'vitest';
import { MatrixChat } from '../../../bot/matrix/chat.ts';

const ROOM = '!town:x';
const START = '$start';

describe('reading a poll back from /relations', () => {
  it('returns readable responses as votes and encrypted ones related to the poll as unreadable, redacted ones left out', async () => {
    const pages = [
      {
        chunk: [
          { type: 'org.matrix.msc3381.poll.response', sender: '@a:x', event_id: '$r1', origin_server_ts: 10, content: { 'm.relates_to': { rel_type: 'm.reference', event_id: START }, 'org.matrix.msc3381.poll.response': { answers: ['yes'] } } },
          { type: 'm.room.encrypted', sender: '@b:x', event_id: '$e1', origin_server_ts: 11, content: { algorithm: 'm.megolm.v1.aes-sha2', ciphertext: '…', 'm.relates_to': { rel_type: 'm.reference', event_id: START } } },
        ],
        next_batch: 'p2',
      },
      {
        chunk: [
          { type: 'm.room.encrypted', sender: '@c:x', event_id: '$e2', origin_server_ts: 12, unsigned: { redacted_because: {} }, content: {} },
        ],
      },
    ];
    const client = { doRequest: async (_m: string, _p: string, query: { from?: string }) => pages[query.from ? 1 : 0] };
    const chat = new MatrixChat(client as never);
    const { votes, unreadable } = await chat.pollResponses(ROOM, START);
    expect(votes.map((v) => [v.voter, v.answers])).toEqual([['@a:x', ['yes']]]);
    expect(unreadable).toEqual([{ voter: '@b:x', ts: 11, eventId: '$e1', roomId: ROOM }]);
  });
});
