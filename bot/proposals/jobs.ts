import type { JobHandler } from '../scheduler.ts';
import type { ProposalDeps } from './deps.ts';
import { noticeNoPoll, noticeNoPollToStaff, publishPoll } from './open-poll.ts';
import { announceResult, closeVote, finishClose, finishEndWithoutCount } from './close.ts';
import { remind } from './remind.ts';
import { runMilestone } from './hooks.ts';

function payloadRoom(payload: Record<string, unknown>): string {
  const roomId = payload.roomId;
  if (typeof roomId !== 'string') throw new Error('job payload has no roomId');
  return roomId;
}

export function proposalJobHandlers(deps: ProposalDeps): Record<string, JobHandler> {
  return {
    publish_poll: (job) => publishPoll(deps, job.proposalId!, payloadRoom(job.payload)),
    no_poll_notice: (job) => noticeNoPoll(deps, job.proposalId!, payloadRoom(job.payload)),
    no_poll_staff_notice: (job) => noticeNoPollToStaff(deps, job.proposalId!, (job.payload.rooms as string[] | undefined) ?? []),
    close: async (job) => {
      const record = deps.store.proposals.get(job.proposalId!);
      if (record?.state !== 'open' || record.deadlineAt === undefined) return;
      await closeVote(deps, record.id, 'fedimoot', record.deadlineAt);
    },
    finish_close: (job) => finishClose(deps, job.proposalId!),
    announce_result: (job) => announceResult(deps, job.proposalId!, payloadRoom(job.payload)),
    remind: (job) => remind(deps, job.proposalId!),
    milestone: (job) => runMilestone(deps, job.proposalId!, job.payload),
    end_without_count: (job) => finishEndWithoutCount(deps, job.proposalId!, job.payload.reason as string | undefined),
  };
}
