// Refusals that do not depend on the command: said by the dispatcher for every command that needs what is missing.

export const NO_INSTANCE = 'This bot has no Mastodon instance configured (the mastodon section of its config), so it cannot read or change blocks.';
