'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { WEBHOOK_EVENTS } from '@/lib/notifications/events';
import type { DeliveryView, WebhookView } from '@/lib/notifications/webhooks';
import { apiJson } from './hash-file';
import { ProblemAlert, useExplain, type Problem } from './problem';
import { useFormat } from './use-format';

const STATUS_BADGE: Record<string, string> = { delivered: 'badge-signed', failed: 'badge-declined', pending: 'badge-opened' };

/** Admin: register webhook endpoints (Standard Webhooks), see each one's deliveries and retry failures. */
export function WebhooksPanel({ webhooks }: { webhooks: WebhookView[] }) {
  const router = useRouter();
  const t = useTranslations('notifications');
  const explain = useExplain();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  return (
    <div className="card table-wrap" data-testid="webhooks-card">
      <div className="account-section-head">
        <h2>{t('webhooks')}</h2>
        <p className="muted small">{t.rich('webhooksHint', { code: (c) => <code>{c}</code> })}</p>
      </div>
      <form
        className="stack"
        style={{ padding: '0 16px 16px' }}
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            const created = await apiJson<{ secret: string }>('/api/admin/webhooks', { method: 'POST', body: JSON.stringify({ url, description, events }) });
            setSecret(created.secret);
            setUrl('');
            setDescription('');
            router.refresh();
          } catch (err) {
            setError(explain(err));
          }
        }}
      >
        <ProblemAlert problem={error} />
        {secret && (
          <div className="alert alert-ok" role="status">
            <strong>{t('secretShownOnce')}</strong>
            <div className="secret-box" data-testid="webhook-secret">
              {secret}
            </div>
          </div>
        )}
        <div className="field-row">
          <label className="field">
            <span>{t('url')}</span>
            <input type="url" id="webhook-url" required maxLength={2000} value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://erp.example.com/signet" />
          </label>
          <label className="field">
            <span>{t('description')}</span>
            <input type="text" id="webhook-description" maxLength={200} value={description} onChange={(e) => setDescription(e.target.value)} placeholder={t('descriptionPlaceholder')} />
          </label>
        </div>
        <fieldset className="role-checks" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend className="muted small" style={{ marginBottom: 6 }}>
            {t('eventsLegend')}
          </legend>
          {WEBHOOK_EVENTS.map((ev) => (
            <label key={ev} htmlFor={`wh-${ev}`}>
              <input id={`wh-${ev}`} type="checkbox" checked={events.includes(ev)} onChange={(e) => setEvents(e.target.checked ? [...events, ev] : events.filter((x) => x !== ev))} />
              {t(`eventName.${ev.replace('.', '_')}`)} <code className="small muted">{ev}</code>
            </label>
          ))}
        </fieldset>
        <div>
          <button type="submit" className="btn btn-primary">
            {t('add')}
          </button>
        </div>
      </form>
      {webhooks.length > 0 && (
        <ul className="webhook-list" data-testid="webhooks-list">
          {webhooks.map((w) => (
            <WebhookItem key={w.id} webhook={w} />
          ))}
        </ul>
      )}
    </div>
  );
}

function WebhookItem({ webhook: w }: { webhook: WebhookView }) {
  const router = useRouter();
  const t = useTranslations('notifications');
  const f = useFormat();
  const explain = useExplain();
  const [error, setError] = useState<Problem | null>(null);
  const [deliveries, setDeliveries] = useState<DeliveryView[] | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      router.refresh();
    } catch (err) {
      setError(explain(err));
    }
  };
  const load = async () => setDeliveries((await apiJson<{ deliveries: DeliveryView[] }>(`/api/admin/webhooks/${w.id}/deliveries`)).deliveries);
  return (
    <li className="webhook-item">
      <div className="webhook-head">
        <div style={{ minWidth: 0 }}>
          <div className="mono small webhook-url">{w.url}</div>
          <div className="muted small">
            {w.description ? `${w.description} · ` : ''}
            {w.events.length === 0 ? t('allEvents') : w.events.join(', ')}
          </div>
          {w.disabledReason && <div className="small" style={{ color: 'var(--danger)' }}>{t('disabledBecause', { reason: w.disabledReason })}</div>}
        </div>
        <span className={`badge ${w.enabled ? 'badge-signed' : 'badge-pending'}`}>{w.enabled ? t('enabled') : t('disabled')}</span>
      </div>
      <ProblemAlert problem={error} />
      <div className="webhook-actions">
        <button type="button" className="btn btn-sm" onClick={() => act(() => apiJson(`/api/admin/webhooks/${w.id}`, { method: 'PATCH', body: JSON.stringify({ enabled: !w.enabled }) }))}>
          {w.enabled ? t('disable') : t('enable')}
        </button>
        <button type="button" className="btn btn-sm" onClick={() => act(load)} aria-expanded={deliveries !== null}>
          {t('showDeliveries')}
        </button>
        <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => window.confirm(t('confirmDelete')) && act(() => apiJson(`/api/admin/webhooks/${w.id}`, { method: 'DELETE' }))}>
          {t('delete')}
        </button>
      </div>
      {deliveries && (
        <table className="list" data-testid="deliveries-table">
          <thead>
            <tr>
              <th>{t('event')}</th>
              <th>{t('status')}</th>
              <th className="hide-sm">{t('attempts')}</th>
              <th className="hide-sm">{t('lastReply')}</th>
              <th>
                <span className="sr-only">{t('actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.length === 0 && (
              <tr>
                <td colSpan={5} className="muted small">
                  {t('noDeliveries')}
                </td>
              </tr>
            )}
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td>
                  <code>{d.event}</code>
                  <div className="muted small">{f.dateTime(d.createdAt)}</div>
                </td>
                <td>
                  <span className={`badge ${STATUS_BADGE[d.status] ?? 'badge-pending'}`}>{t(`deliveryStatus.${d.status as 'pending' | 'delivered' | 'failed'}`)}</span>
                  {d.nextAttemptAt && <div className="muted small">{t('nextTry', { when: f.dateTime(d.nextAttemptAt) })}</div>}
                </td>
                <td className="hide-sm">{d.attempts}</td>
                <td className="hide-sm mono small">{d.lastDetail ?? '—'}{d.log.length > 0 ? ` · ${d.log[d.log.length - 1]!.latencyMs} ms` : ''}</td>
                <td>
                  {d.status === 'failed' && (
                    <button type="button" className="btn btn-sm" onClick={() => act(async () => { await apiJson(`/api/admin/deliveries/${d.id}/retry`, { method: 'POST' }); await load(); })}>
                      {t('retry')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}
