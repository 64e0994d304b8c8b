/**
 * A document type's display name: the catalogue's name for its stable id (documentTypes.<id>),
 * else the label from DOCUMENT_TYPES as configured.
 */
export function documentTypeName(t: { has: (key: string) => boolean; (key: string): string }, id: string, configured?: string): string {
  return t.has(id) ? t(id) : (configured ?? id);
}
