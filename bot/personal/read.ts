// A linked member's own figures for a domain, read through the instance with the bot's token. Used by the command
// and by the private notices; never logged with the figures (only the member reads them).
import type { PersonalAnswer, PersonalImpactActions } from '../contracts/personal-impact-ports.ts';
import { UNREADABLE_WORDS } from '../wording/personal-impact-words.ts';
import { personalImpact } from '../../governance/personal-impact.ts';
import type { AccountLink } from '../../storage/links.ts';
import type { Store } from '../../storage/store.ts';
import { InstanceError, type InstanceGateway } from '../mastodon/gateway.ts';
import type { Logger } from '../logger.ts';

function unreadableReason(error: unknown): string {
  if (!(error instanceof InstanceError)) return UNREADABLE_WORDS.other();
  if (error.status === 401 || error.status === 403) return UNREADABLE_WORDS.refused(error.status);
  if (error.status === 404) return UNREADABLE_WORDS.gone;
  return error.kind === 'transient' ? UNREADABLE_WORDS.transient : UNREADABLE_WORDS.other(error.message);
}

export async function readPersonalImpact(instance: InstanceGateway, link: AccountLink, domain: string, logger: Logger): Promise<PersonalAnswer> {
  try {
    const network = await instance.network(link.accountId);
    if (network.kind === 'hidden') return { kind: 'hidden', acct: link.acct };
    return { kind: 'figures', acct: link.acct, domain, impact: personalImpact(network.following, network.followers, domain) };
  } catch (error) {
    // Who asked and about which domain stay out of the log: that alone says whom they follow.
    logger.warn({ err: error }, 'could not read a linked account\'s follows');
    const transient = !(error instanceof InstanceError) || error.kind === 'transient';
    return { kind: 'unreadable', acct: link.acct, reason: unreadableReason(error), transient };
  }
}

export function personalImpactActions(store: Store, instance: InstanceGateway, logger: Logger): PersonalImpactActions {
  return {
    async mine(user, domain) {
      const link = store.links.byMatrixUser(user);
      if (!link) return { kind: 'not_linked' };
      return readPersonalImpact(instance, link, domain, logger);
    },
    setNotify(user, on) {
      if (!store.links.byMatrixUser(user)) return false;
      store.personal.setNotify(user, on);
      return true;
    },
  };
}
