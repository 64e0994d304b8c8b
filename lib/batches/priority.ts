import { AppError } from '../errors';

/** Signing order: every urgent document before every high one, and so on; position breaks ties. */
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const MAX_BATCH_DOCUMENTS = 500;

export function parsePriority(value: string | undefined, where: string): Priority {
  const v = (value ?? 'normal').trim().toLowerCase();
  if ((PRIORITIES as readonly string[]).includes(v)) return v as Priority;
  throw new AppError('PRIORITY_UNKNOWN', `${where}: expected a priority of ${PRIORITIES.join(', ')}, got "${value}"`);
}

/** Sorts by priority, then position (the order the sheet prints and the queue shows). */
export function bySigningOrder<T extends { priority: string; position: number }>(a: T, b: T): number {
  const pa = PRIORITIES.indexOf(a.priority as Priority);
  const pb = PRIORITIES.indexOf(b.priority as Priority);
  return pa - pb || a.position - b.position;
}
