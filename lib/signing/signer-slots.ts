import { asc, eq, inArray } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';

/** One signer's place on a request (db/schema/request-signers.ts). */
export type SlotRow = typeof schema.requestSigners.$inferSelect;

/** The most signers one request may have. */
export const MAX_SIGNERS = 20;

/** Every signer place of a request, in the order the request was created with. */
export async function loadSlots(db: Db, requestId: string): Promise<SlotRow[]> {
  return db.select().from(schema.requestSigners).where(eq(schema.requestSigners.requestId, requestId)).orderBy(asc(schema.requestSigners.position));
}

/** The signer places of several requests, grouped by request id, each list in creation order. */
export async function loadSlotsOf(db: Db, requestIds: string[]): Promise<Map<string, SlotRow[]>> {
  const out = new Map<string, SlotRow[]>(requestIds.map((id) => [id, []]));
  if (requestIds.length === 0) return out;
  const rows = await db.select().from(schema.requestSigners).where(inArray(schema.requestSigners.requestId, requestIds)).orderBy(asc(schema.requestSigners.position));
  for (const row of rows) out.get(row.requestId)?.push(row);
  return out;
}

/** The step whose signers may sign now: the lowest step with someone yet to sign (null when all signed). */
export function currentStep(slots: Pick<SlotRow, 'step' | 'status'>[]): number | null {
  let step: number | null = null;
  for (const s of slots) if (s.status !== 'signed' && (step === null || s.step < step)) step = s.step;
  return step;
}

/** The signers of earlier steps who have not signed yet: whom `slot` waits for. */
export function waitingFor<T extends Pick<SlotRow, 'step' | 'status'>>(slots: T[], slot: Pick<SlotRow, 'step'>): T[] {
  return slots.filter((s) => s.step < slot.step && s.status !== 'signed');
}
