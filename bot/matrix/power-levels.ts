// A user's power level in a room. Since room version 12 (MSC4289) the room's creators are not listed in
// m.room.power_levels: they outrank everyone, so a creator must not read as level 0.

export interface CreateEvent {
  sender: string;
  content: { room_version?: string; additional_creators?: unknown };
}

export interface PowerLevelsContent {
  users?: Record<string, number>;
  users_default?: number;
  redact?: number;
}

/** Room versions with privileged creators: 12 and the hydra test versions that preceded it. */
export function hasPrivilegedCreators(roomVersion: string | undefined): boolean {
  if (roomVersion === undefined) return false;
  if (roomVersion.startsWith('org.matrix.hydra')) return true;
  const numeric = Number(roomVersion);
  return Number.isInteger(numeric) && numeric >= 12;
}

export function creatorsOf(create: CreateEvent): string[] {
  const extra = Array.isArray(create.content.additional_creators)
    ? create.content.additional_creators.filter((u): u is string => typeof u === 'string')
    : [];
  return [create.sender, ...extra];
}

export function effectivePowerLevel(userId: string, levels: PowerLevelsContent, create?: CreateEvent): number {
  if (create && hasPrivilegedCreators(create.content.room_version) && creatorsOf(create).includes(userId)) {
    return Number.POSITIVE_INFINITY;
  }
  const listed = levels.users?.[userId];
  return typeof listed === 'number' ? listed : (levels.users_default ?? 0);
}
