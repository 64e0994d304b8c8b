import { listOperationsQuery, type ListOperationsInput } from './operations-query';

/** What the operations page's form sends: dates as YYYY-MM-DD (whole UTC days), the rest as in the API. */
export interface PageFilterResult {
  query: ListOperationsInput;
  /** The filter in API form (ISO instants), for the export links. */
  apiParams: URLSearchParams;
  /** Echoed back into the form. */
  form: Record<string, string>;
  /** Developer detail of what failed validation (for logs), or null. */
  error: string | null;
  /** The form fields whose values are not valid, for a message in the user's language. */
  invalid: string[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const FIELDS = ['from', 'to', 'actorKind', 'actor', 'action', 'targetType', 'targetId', 'outcome'] as const;

/** Turns the page's query string into a validated listing query; a bad value yields an error, not a crash. */
export function pageFilter(raw: Record<string, string | string[] | undefined>, limit: number): PageFilterResult {
  const form: Record<string, string> = {};
  for (const f of [...FIELDS, 'cursor'] as const) {
    const v = raw[f];
    const s = Array.isArray(v) ? v[0] : v;
    if (s) form[f] = s.slice(0, 200);
  }
  const api: Record<string, string> = { ...form };
  if (form.from && DAY.test(form.from)) api.from = `${form.from}T00:00:00.000Z`;
  if (form.to && DAY.test(form.to)) api.to = `${form.to}T23:59:59.999Z`;
  const parsed = listOperationsQuery.safeParse({ ...api, limit });
  const apiParams = new URLSearchParams(Object.entries(api).filter(([k]) => k !== 'cursor'));
  if (parsed.success) return { query: parsed.data, apiParams, form, error: null, invalid: [] };
  const error = parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ');
  const invalid = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? 'query')))];
  return { query: { limit }, apiParams: new URLSearchParams(), form, error, invalid };
}
