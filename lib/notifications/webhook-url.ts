import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook may not reach unless WEBHOOK_ALLOW_PRIVATE=true: loopback, RFC 1918 private,
 * link-local (cloud metadata at 169.254.169.254), CGNAT (RFC 6598), unspecified, and their IPv6
 * counterparts (RFC 4193 unique-local, fe80::/10, IPv4-mapped). Otherwise an admin, or whoever holds
 * an admin key, could make the server probe its own network (server-side request forgery).
 */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) BLOCKED.addSubnet(net, prefix, 'ipv6');

export function isPrivateAddress(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return BLOCKED.check(mapped[1]!, 'ipv4');
  const family = isIP(ip);
  if (family === 0) return true;
  return BLOCKED.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/** Null when the URL may be used, else why not (said in the error and in the delivery log). */
export async function webhookUrlProblem(input: string, allowPrivate: boolean): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return `expected an absolute http(s) URL, got "${input.slice(0, 200)}"`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `expected an http(s) URL, got "${url.protocol}"`;
  if (url.username || url.password) return 'expected no user:password in the URL; the signature authenticates the sender';
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch (e) {
    return `could not resolve "${host}": ${(e as Error).message}`;
  }
  const bad = addresses.find(isPrivateAddress);
  return bad ? `"${host}" resolves to ${bad}, a loopback or private address (set WEBHOOK_ALLOW_PRIVATE=true to allow)` : null;
}
