import { TIME_ZONE_COOKIE } from '@/lib/i18n/locales';

/**
 * First visit, before anything is painted: the server does not know the browser's time zone yet
 * (there is no standard request header for it), so it rendered times in UTC. This blocking script in
 * <head> writes the zone to the cookie the server reads and, when it differs from the zone the page
 * was rendered in, hides the page and reloads it once — the visitor never sees UTC times. The
 * reload only happens when the cookie was really stored, so a browser that refuses cookies gets
 * the UTC page (with its zone label) rather than a loop. Runs under the page CSP with its nonce.
 */
export function TimeZoneProbe({ rendered, nonce }: { rendered: string; nonce: string | undefined }): React.ReactElement {
  const script = `(function(){try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone;if(!z)return;var v=encodeURIComponent(z);document.cookie=${JSON.stringify(`${TIME_ZONE_COOKIE}=`)}+v+'; path=/; max-age=31536000; samesite=lax';if(z===${JSON.stringify(rendered)})return;if(document.cookie.split('; ').indexOf(${JSON.stringify(`${TIME_ZONE_COOKIE}=`)}+v)<0)return;document.documentElement.style.visibility='hidden';location.reload();}catch(e){}})();`;
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: script }} />;
}
