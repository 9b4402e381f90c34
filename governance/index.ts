// The pure governance rules: domains, the proposal lifecycle, eligibility, counting and outcome.

export type * from './types.ts';
export { ACTIONS, ANSWER_IDS } from './types.ts';
export { DURATION_HINT, formatDuration, parseDuration } from './duration.ts';
export type { DurationResult } from './duration.ts';
export {
  DOMAIN_HINT,
  coversDomain,
  domainDigest,
  findCoveringBlock,
  isSubdomainOf,
  normaliseDomain,
  obfuscateDomain,
} from './domain.ts';
export type { DomainResult } from './domain.ts';
export { allowedEvents, isActive, isDecided, isFinal, transition } from './lifecycle.ts';
export type { LifecycleEvent, LifecycleEventType, TransitionResult } from './lifecycle.ts';
export { applyResponse, choiceOf, countVotes, isLaterResponse } from './counting.ts';
export type { CountInput, CountResult, VoterRecord } from './counting.ts';
export { eligibilitySnapshot, explainEligibility, ignoredUserMatcher } from './eligibility.ts';
export type {
  EligibilityInput,
  EligibilityVerdict,
  IneligibilityCode,
  LinkedAccount,
  LinkedAccountRule,
} from './eligibility.ts';
export {
  FRACTION_HINT,
  decideOutcome,
  formatFraction,
  formatResultLine,
  parseFraction,
  turnoutPercent,
} from './outcome.ts';
export type { FractionResult, OutcomeDecision, ResultLineInput } from './outcome.ts';
