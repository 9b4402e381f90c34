// Conversions between SQLite column values and domain values, shared by the row mappers.

export type Flag = 0 | 1;

export function toFlag(value: boolean | undefined): Flag {
  return value ? 1 : 0;
}

export function fromFlag(value: number): boolean {
  return value === 1;
}

/** JSON written by this code and guarded by json_valid CHECKs; the cast is the schema's promise. */
export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

export function isUniqueViolation(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    (err.code === 'SQLITE_CONSTRAINT_UNIQUE' || err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
  );
}

export type Clock = () => number;

/** Domain objects leave absent values out (`undefined`) where SQLite says NULL. */
export function optional<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}
