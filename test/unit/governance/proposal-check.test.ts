// The pure rule behind proposing: what the instance lists decides, the decisions stand in when it cannot be read.
import { describe, expect, it } from 'vitest';
import { checkProposal, type ListedBlock } from '../../../governance/proposal-check.ts';
import type { StandingDecision } from '../../../governance/apply-plan.ts';

const block = (domain: string, severity: ListedBlock['severity'], extra: Partial<ListedBlock> = {}): ListedBlock => ({
  id: domain,
  domain,
  severity,
  rejectMedia: false,
  rejectReports: false,
  obfuscate: false,
  createdAt: '2025-01-01T00:00:00.000Z',
  ...extra,
});
const decision = (domain: string, action: StandingDecision['action'], extra: Partial<StandingDecision> = {}): StandingDecision => ({
  proposalId: 7,
  domain,
  action,
  rejectMedia: false,
  rejectReports: false,
  obfuscate: false,
  imported: false,
  ...extra,
});
const proposal = (domain: string, action: StandingDecision['action'], rejectMedia = false) => ({ domain, action, rejectMedia, rejectReports: false });

describe('checkProposal', () => {
  it('a noop parent covers nothing, so its subdomain may be blocked', () => {
    expect(checkProposal(proposal('a.example.com', 'suspend'), [block('example.com', 'noop')], [])).toEqual({ kind: 'ok' });
  });

  it('a limit that adds rejecting media to a limited domain changes its options', () => {
    const verdict = checkProposal(proposal('loud.example', 'limit', true), [block('loud.example', 'silence')], []);
    expect(verdict).toEqual({ kind: 'ok', prior: { action: 'limit', since: '2025-01-01T00:00:00.000Z', byVote: false } });
  });

  it('a block recorded by import counts as not voted', () => {
    const verdict = checkProposal(proposal('old.example', 'lift'), [block('old.example', 'suspend')], [decision('old.example', 'suspend', { imported: true })]);
    expect(verdict).toMatchObject({ kind: 'ok', prior: { byVote: false } });
  });

  it('a block a vote made is lifted as voted', () => {
    const verdict = checkProposal(proposal('old.example', 'lift'), [block('old.example', 'suspend')], [decision('old.example', 'suspend')]);
    expect(verdict).toMatchObject({ kind: 'ok', prior: { byVote: true } });
  });

  it('an approved lift not applied yet leaves nothing to lift, and lets the domain be blocked again', () => {
    const lifted = [decision('x.example', 'lift', { awaitingApply: true })];
    expect(checkProposal(proposal('x.example', 'lift'), [block('x.example', 'suspend')], lifted)).toEqual({ kind: 'nothing_to_lift' });
    expect(checkProposal(proposal('x.example', 'suspend'), [block('x.example', 'suspend')], lifted)).toEqual({ kind: 'ok' });
  });

  it('without a readable instance, the decisions stand in, without dates from the instance', () => {
    const decisions = [decision('x.example', 'suspend')];
    expect(checkProposal(proposal('x.example', 'lift'), undefined, decisions)).toEqual({ kind: 'ok' });
    expect(checkProposal(proposal('a.x.example', 'limit'), undefined, decisions)).toMatchObject({ kind: 'covered', parent: { domain: 'x.example' } });
    expect(checkProposal(proposal('y.example', 'lift'), undefined, decisions)).toEqual({ kind: 'nothing_to_lift' });
  });
});
