import { getTranslations } from 'next-intl/server';
import { requireStaff } from '@/app/_components/current-staff';
import { buildOpenApi } from '@/lib/api/openapi';
import { appContext } from '@/lib/context';
import { ERROR_CATALOGUE, ERROR_CODES } from '@/lib/errors';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<{ title: string }> {
  return { title: (await getTranslations('meta'))('apiDocs') };
}

interface Operation {
  operationId: string;
  summary?: string;
  'x-roles'?: string | string[];
}

/** The API reference, rendered on the server from the same OpenAPI document /api/openapi.json serves. */
export default async function ApiDocsPage() {
  await requireStaff();
  const t = await getTranslations('apiDocs');
  const spec = buildOpenApi((await appContext()).config.origin) as { paths: Record<string, Record<string, Operation>> };
  const groups = new Map<string, { method: string; path: string; op: Operation }[]>();
  for (const [path, methods] of Object.entries(spec.paths)) {
    const group = path.split('/')[2] ?? 'api';
    for (const [method, op] of Object.entries(methods)) groups.set(group, [...(groups.get(group) ?? []), { method, path, op }]);
  }
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('title')}</h1>
          <p className="subtitle">{t('subtitle')}</p>
        </div>
        <a className="btn btn-secondary" href="/api/openapi.json">
          {t('raw')}
        </a>
      </div>
      {[...groups].map(([group, ops]) => (
        <section className="card table-wrap api-group" key={group} aria-labelledby={`api-${group}`}>
          <h2 id={`api-${group}`} className="account-section-head">
            {group}
          </h2>
          <table className="list">
            <tbody>
              {ops.map(({ method, path, op }) => (
                <tr key={`${method} ${path}`}>
                  <td className="api-method">
                    <span className={`api-verb api-${method}`}>{method.toUpperCase()}</span>
                  </td>
                  <td>
                    <div className="mono api-path">{path}</div>
                    <div className="small muted">{op.summary}</div>
                  </td>
                  <td className="small muted hide-sm">{Array.isArray(op['x-roles']) ? op['x-roles'].join(', ') : (op['x-roles'] ?? 'admin')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <section className="card table-wrap api-group" aria-labelledby="api-errors">
        <h2 id="api-errors" className="account-section-head">
          errors
        </h2>
        <table className="list">
          <tbody>
            {ERROR_CODES.map((code) => (
              <tr key={code}>
                <td className="mono small">{code}</td>
                <td className="small">{ERROR_CATALOGUE[code].status}</td>
                <td className="small muted">{ERROR_CATALOGUE[code].summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
