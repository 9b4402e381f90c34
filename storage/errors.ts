// Errors the storage layer raises on purpose. A StorageError's message is written for the operator and is shown as
// is (the CLI prints it and exits 2); it never needs a stack trace to be understood.

export class StorageError extends Error {
  /** The database file concerned, when there is one. */
  readonly path: string | undefined;

  constructor(message: string, path?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StorageError';
    this.path = path;
  }
}

/** A second proposal for a domain that already has one being seconded or voted on. */
export class ActiveProposalExistsError extends Error {
  readonly domain: string;
  readonly existingId: number;

  constructor(domain: string, existingId: number) {
    super(`proposal ${existingId} for ${domain} is still open`);
    this.name = 'ActiveProposalExistsError';
    this.domain = domain;
    this.existingId = existingId;
  }
}

/** Linking a Matrix account to an instance account that is already linked to someone else. */
export class AccountAlreadyLinkedError extends Error {
  readonly acct: string;
  readonly linkedTo: string;

  constructor(acct: string, linkedTo: string) {
    super(`${acct} is already linked to ${linkedTo}`);
    this.name = 'AccountAlreadyLinkedError';
    this.acct = acct;
    this.linkedTo = linkedTo;
  }
}
