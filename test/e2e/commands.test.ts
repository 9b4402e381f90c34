// What people see when they talk to the bot: help, refusals of staff commands, and clear answers to bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command, createWorld, reactionTo, type World } from './support/world.ts';
import type { MatrixUser } from './support/matrix-user.ts';

describe('chat commands against a real homeserver', () => {
  let world: World;
  let member: MatrixUser;
  beforeAll(async () => {
    world = await createWorld(2);
    member = world.members[0]!;
    await world.botProcess.start();
  });
  afterAll(async () => {
    await world?.botProcess.stop();
  });

  it('lists commands and explains one, from their declarations', async () => {
    const help = await command(member, world.memberRoom, '!moot help');
    expect(help.content.body).toContain('• `!moot vote <n> <yes|no|abstain>` — vote on an open proposal by text');
    expect(help.content.body).toContain('• `!moot close <n>` — close a vote now and count it (staff)');
    const propose = await command(member, world.memberRoom, '!moot help propose');
    expect(propose.content.body).toContain('`!moot propose <domain> <suspend|limit|lift> [--reason "…"]');
    expect(propose.content.body).toContain('• `--duration`: how long the vote runs, e.g. 7d or 36h');
  });

  it('answers in a thread, with HTML and a plain body', async () => {
    const reply = await command(member, world.memberRoom, 'moot: status');
    expect(reply.content.body).toBe('No proposal is open. `!moot propose <domain> <suspend|limit|lift>` starts one.');
    expect(reply.content.format).toBe('org.matrix.custom.html');
    expect(reply.content.formatted_body).toBe('<p>No proposal is open. <code>!moot propose &lt;domain&gt; &lt;suspend|limit|lift&gt;</code> starts one.</p>');
    expect((reply.content['m.relates_to'] as { rel_type: string }).rel_type).toBe('m.thread');
  });

  it.each([
    ['!moot propose foo..bar suspend', /^"foo\.\.bar" is not a domain: .*write a domain like example\.social\.\n\nUsage: `!moot propose <domain>/],
    ['!moot propose threads.net ban', /^"ban" is not an action; use suspend, limit or lift\.\n\nUsage:/],
    ['!moot propose threads.net suspend --duration 3x', /^--duration: "3x" is not a duration; write a duration like 7d, 36h, 90m or 1d12h\./],
    ['!moot propose threads.net suspend --duration 9h', /^A vote must run between 5s and 2h; --duration 9h is outside that\. Write it like --duration 1h \(the default\)\.$/],
    ['!moot propose threads.net', /^Missing action\.\n\nUsage: `!moot propose/],
    ['!moot vote 999 yes', /^There is no proposal 999\.$/],
    ['!moot status 42', /^There is no proposal 42\. `!moot status` lists the open ones\.$/],
    ['!moot frobnicate', /^I don't know the command "frobnicate"\. `!moot help` lists them\.$/],
    [`!moot propose threads.net suspend --reason "${'x'.repeat(9970)}"`, /^That command is too long \(\d+ characters; at most 4000\)\.$/],
  ])('answers %s with a clear reason and usage', async (text, expected) => {
    const reply = await command(member, world.memberRoom, text);
    expect(reply.content.body).toMatch(expected);
  });

  it('refuses staff commands to members and in member rooms', async () => {
    const inMemberRoom = await command(world.staff, world.memberRoom, '!moot close 1');
    // Staff are pointed to their room; a member is told the command is not theirs.
    expect(inMemberRoom.content.body).toMatch(/^!moot close is taken only in a staff room: write it in the staff room \(.+\), not in a member room\.$/);
    await world.staff.invite(world.staffRoom, member.userId);
    await member.join(world.staffRoom);
    const byMember = await command(member, world.staffRoom, '!moot cancel 1');
    expect(byMember.content.body).toBe('!moot cancel is for staff: your power level in this room is below the staff level.');
  });

  it('escapes HTML quoted back from user input', async () => {
    const reply = await command(member, world.memberRoom, '!moot propose <img/src=x>.example suspend');
    expect(reply.content.formatted_body).not.toContain('<img');
    expect(reply.content.formatted_body).toContain('&lt;img');
  });

  it('acknowledges a second with a reaction and keeps running after bad input', async () => {
    const proposed = await command(member, world.memberRoom, '!moot propose spam.example limit --reason "<b>bold</b>"');
    expect(proposed.content.body).toMatch(/^Proposal \d+ \(limit spam\.example\) is open for voting/);
    expect(await reactionTo(world.members[1]!, world.memberRoom, '!moot vote 1 abstain')).toBe('✅');
  });
});
