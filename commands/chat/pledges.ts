import type { PlainCommand } from '../../bot/contracts/spec.ts';
import { errorReply, list, message, paragraph, privateReply, reply } from '../../bot/contracts/message.ts';
import { PLEDGES_OFF } from './pledge.ts';
import { aggregateLines, pledgeDetailText, pledgeText } from '../../bot/wording/pledge-words.ts';

export const pledgesCommand: PlainCommand = {
  name: 'pledges',
  summary: 'pledge totals per currency and per condition; `mine` sends you your own',
  access: 'all',
  args: [{ name: 'which', type: 'word', optional: true, choices: ['mine'], summary: '`mine` for your own pledges (by direct message)' }],
  options: [{ name: 'detail', type: 'flag', summary: 'every pledge with its pledger', staff: true }],
  async run(ctx, { args, options }) {
    const pledges = ctx.pledges;
    if (!pledges?.enabled) return errorReply(message(paragraph(PLEDGES_OFF)));
    if (args.which === 'mine') {
      const mine = pledges.mine(ctx.sender).map(pledgeText);
      return privateReply(message(paragraph('Your pledges:'), mine.length ? list(mine.map((l) => [l])) : paragraph('You have no pledges.')));
    }
    if (options.detail) {
      if (ctx.roomKind !== 'staff' || !(await ctx.isStaff())) {
        const staffRooms = ctx.settings.rooms?.staff.length ? ` (${ctx.settings.rooms.staff.join(' or ')})` : '';
        return errorReply(message(paragraph(`Pledge details are for staff: write ${ctx.settings.prefix} pledges --detail in a staff room${staffRooms}.`)));
      }
      const lines = pledges.detail().map(pledgeDetailText);
      return reply(message(paragraph('Standing pledges:'), lines.length ? list(lines.map((l) => [l])) : paragraph('none')));
    }
    return reply(message(paragraph('Pledges (totals only; individual pledges stay private):'), list(aggregateLines(pledges.summary()).map((l) => [l]))));
  },
};
