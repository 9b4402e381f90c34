// How the published page states a staged decision's second stage: pending, applied on its date, or superseded.
import type { PublishedDecision } from './views.ts';

/** HTML; `time` renders an ISO time as the page does elsewhere. */
export function secondStageWords(d: PublishedDecision, time: (iso: string) => string): string {
  const stage = d.secondStage!;
  const done = d.stage;
  if (done?.outcome === 'applied') return `${stage.action}, applied ${time(done.at)}`;
  if (done?.outcome === 'superseded') return `${stage.action}, superseded by <a href="#decision-${done.supersededBy}">proposal ${done.supersededBy}</a>`;
  return `${stage.action}, ${stage.after} after the ${d.action} is applied, unless a later vote decides otherwise`;
}
