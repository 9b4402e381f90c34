// One line of `fedimoot check`'s report.
export interface CheckLine {
  ok: boolean;
  what: string;
  /** What to do about a failure. */
  fix?: string;
}
