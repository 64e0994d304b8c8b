import { getLocale, getTranslations } from 'next-intl/server';
import { ApiReference } from '@/app/_components/api-reference';
import { requireStaff } from '@/app/_components/current-staff';
import { referenceBundleVersion } from '@/lib/api/reference-bundle';
import { ERROR_CATALOGUE, ERROR_CODES } from '@/lib/errors';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<{ title: string }> {
  return { title: (await getTranslations('meta'))('apiDocs') };
}

/**
 * The API reference: Scalar renders the same OpenAPI document /api/openapi.json serves, in the
 * staff member's language; below it, the error catalogue with each code's text for people.
 */
export default async function ApiDocsPage() {
  await requireStaff();
  const t = await getTranslations('apiDocs');
  const te = await getTranslations('errors');
  const locale = await getLocale();
  const version = await referenceBundleVersion();
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
      <section className="card api-reference-card" aria-label={t('title')}>
        <ApiReference scriptSrc={`/vendor/scalar-api-reference.js?v=${encodeURIComponent(version)}`} locale={locale} loadingText={t('loading')} failedText={t('failed')} />
      </section>
      <section className="card table-wrap api-group" aria-labelledby="api-errors">
        <div className="account-section-head">
          <h2 id="api-errors">{t('errorsTitle')}</h2>
          <p className="muted small">{t('errorsHint')}</p>
        </div>
        <table className="list">
          <thead>
            <tr>
              <th>{t('code')}</th>
              <th>HTTP</th>
              <th>{t('meaning')}</th>
            </tr>
          </thead>
          <tbody>
            {ERROR_CODES.map((code) => (
              <tr key={code}>
                <td className="mono small">{code}</td>
                <td className="small">{ERROR_CATALOGUE[code].status}</td>
                <td className="small">
                  {te.has(code) ? te(code) : ERROR_CATALOGUE[code].summary}
                  <div className="muted small">{ERROR_CATALOGUE[code].summary}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
