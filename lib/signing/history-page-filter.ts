import { listSigningRequestsQuery, type ListSigningRequestsInput } from './request-filter';

/** The history page's URL parameters (the API's names), echoed back into the form. */
export const HISTORY_FIELDS = ['q', 'status', 'documentType', 'signer', 'uploader', 'batch', 'sha256', 'createdFrom', 'createdTo', 'signedFrom', 'signedTo', 'sort'] as const;

export interface HistoryPageFilter {
  query: ListSigningRequestsInput;
  /** The filters (no cursor) as URL parameters: the export links and "load more" carry them. */
  params: URLSearchParams;
  form: Record<string, string>;
  /** The parameters whose values are not valid, for a message in the user's language. */
  invalid: string[];
}

/** Turns the page's query string into a validated listing query; a bad value yields the field names, not a crash. */
export function historyPageFilter(raw: Record<string, string | string[] | undefined>, limit: number): HistoryPageFilter {
  const form: Record<string, string> = {};
  for (const f of [...HISTORY_FIELDS, 'cursor'] as const) {
    const v = raw[f];
    const s = Array.isArray(v) ? v[0] : v;
    if (s) form[f] = s.slice(0, 1000);
  }
  const params = new URLSearchParams(Object.entries(form).filter(([k]) => k !== 'cursor'));
  const parsed = listSigningRequestsQuery.safeParse({ ...form, limit });
  if (parsed.success) return { query: parsed.data, params, form, invalid: [] };
  const invalid = [...new Set(parsed.error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : [String(i.path[0] ?? 'query')])))];
  return { query: { limit }, params: new URLSearchParams(), form, invalid };
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

/** Created-date presets as whole UTC days: today, the last 7 days (today included), this month. */
export function datePresets(now: Date): { key: 'today' | 'week' | 'month'; from: string; to: string }[] {
  const today = day(now);
  const weekAgo = day(new Date(now.getTime() - 6 * 86_400_000));
  const monthStart = `${today.slice(0, 8)}01`;
  return [
    { key: 'today', from: today, to: today },
    { key: 'week', from: weekAgo, to: today },
    { key: 'month', from: monthStart, to: today },
  ];
}
