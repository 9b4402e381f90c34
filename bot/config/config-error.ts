export interface ConfigIssue {
  /** Dotted key path such as `governance.quorum.minVoters` (list items as `staffRooms[0]`); '' for the file itself. */
  path: string;
  message: string;
}

/** Configuration that cannot be used. The CLI prints `format()` and exits with `exitCode`. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];
  readonly exitCode = 2;

  constructor(issues: readonly ConfigIssue[]) {
    super(formatIssues(issues));
    this.name = 'ConfigError';
    this.issues = issues;
  }

  /** One line per issue: `path: message`. */
  format(): string {
    return formatIssues(this.issues);
  }
}

export function formatIssue(issue: ConfigIssue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}

function formatIssues(issues: readonly ConfigIssue[]): string {
  return issues.map(formatIssue).join('\n');
}

/** `['matrix', 'staffRooms', 0]` → `matrix.staffRooms[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
