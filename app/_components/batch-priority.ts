import { PRIORITIES, type Priority } from '@/lib/batches/priority';

/** A manifest's priority cell as one of the four, or the fallback (the server checks it again). */
export function parsePriorityOr(value: string, fallback: Priority): Priority {
  const v = value.trim().toLowerCase();
  return (PRIORITIES as readonly string[]).includes(v) ? (v as Priority) : fallback;
}
