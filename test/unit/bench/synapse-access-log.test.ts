// The scale bench's baseline for the eligibility snapshot is read from Synapse's access log; a misread line would give a
// wrong ratio in the report, so the reading is checked on lines Synapse 1.163.2 wrote in a scale run.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServedRequest, servedRequests, servedSpanMs } from '../../../bench/synapse-access-log.ts';

const BOT_MEMBER_ROOM = '2026-12-04 23:17:39,223 - synapse.access.http.46411 - 643 - INFO - GET-50048 - 127.0.0.1 - 46411 - {@scale-bot:localhost} Processed request: 0.019sec/0.033sec ru=(0.028sec, 0.003sec) db=(0.011sec/0.001sec/1) 717936B 200 "GET /_matrix/client/v3/rooms/!pSLrOl-ve2RwS298-L0TmqzJgE87cNfqBWZSnQUHAiY/joined_members HTTP/1.1" "fedimoot/0.1.0" [0 dbevts]';
const BOT_STAFF_ROOM = '2026-12-04 23:17:39,221 - synapse.access.http.46411 - 643 - INFO - GET-50049 - 127.0.0.1 - 46411 - {@scale-bot:localhost} Processed request: 0.044sec/0.005sec ru=(0.000sec, 0.000sec) db=(0.011sec/0.006sec/1) 156B 200 "GET /_matrix/client/v3/rooms/!tnxC2zFWYoSUU6SWDtemXlHNYYF8VEber3JXNsFOnHI/joined_members HTTP/1.1" "fedimoot/0.1.0" [0 dbevts]';
const AS_ANOTHER = '2026-12-04 23:17:34,752 - synapse.access.http.46411 - 643 - INFO - GET-50037 - 127.0.0.1 - 46411 - {@scale-admin:localhost|@scale-0:localhost} Processed request: 0.043sec/0.030sec ru=(0.049sec, 0.004sec) db=(0.000sec/0.037sec/2) 717936B 200 "GET /_matrix/client/v3/rooms/!pSLrOl-ve2RwS298-L0TmqzJgE87cNfqBWZSnQUHAiY/joined_members HTTP/1.1" "node" [0 dbevts]';

describe("Synapse's access log as the bench reads it", () => {
  it('gives who asked, what, and when the request came and its answer was sent (making plus sending)', () => {
    const served = parseServedRequest(BOT_MEMBER_ROOM)!;
    expect(served).toMatchObject({ userId: '@scale-bot:localhost', method: 'GET', path: '/_matrix/client/v3/rooms/!pSLrOl-ve2RwS298-L0TmqzJgE87cNfqBWZSnQUHAiY/joined_members' });
    expect(served.endMs).toBe(new Date(2026, 11, 4, 23, 17, 39, 223).getTime());
    expect(served.endMs - served.startMs).toBe(52);
  });

  it('names the user whose token it was when an admin acts as someone else', () => {
    expect(parseServedRequest(AS_ANOTHER)?.userId).toBe('@scale-admin:localhost');
  });

  it('spans two requests served together from the first arrival to the last answer', () => {
    const both = [BOT_MEMBER_ROOM, BOT_STAFF_ROOM].map((line) => parseServedRequest(line)!);
    // The staff room's came at 39.172 (49 ms before 39.221), the member room's at 39.171 and ended at 39.223.
    expect(servedSpanMs(both)).toBe(52);
    expect(servedSpanMs([])).toBeNaN();
  });

  it('reads only the access lines of a whole log', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fedimoot-access-log-'));
    const file = join(dir, 'homeserver.log');
    await writeFile(file, ['2026-12-04 23:17:39,100 - synapse.handlers.message - 900 - INFO - GET-50048 - something else', BOT_MEMBER_ROOM, BOT_STAFF_ROOM, ''].join('\n'));
    expect((await servedRequests(file)).map((r) => r.endMs - r.startMs)).toEqual([52, 49]);
  });
});
