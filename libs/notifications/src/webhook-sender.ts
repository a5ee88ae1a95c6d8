import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';
import { classifyHttpStatus, type DeliveryOutcome, truncate } from './delivery-outcome';

/** Addresses a webhook may not reach unless WEBHOOK_ALLOW_PRIVATE=true (SSRF into the city's network). */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return PRIVATE.check(mapped[1], 'ipv4');
    return PRIVATE.check(address, 'ipv6');
  }
  return PRIVATE.check(address, 'ipv4');
}

/** Why a webhook URL is refused, or null. Checks the form only; addresses are checked at connect time. */
/**
 * The URL's form as the OpenAPI document states it: http(s), a host name or IPv4 address, an
 * optional port, then printable ASCII only.
 */
export const WEBHOOK_URL_PATTERN = /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][!-~]*)?$/;

export function webhookUrlProblem(url: string): { en: string; ja: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { en: 'url must be an absolute http(s) URL.', ja: 'urlはhttp(s)の絶対URLで指定してください。' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return {
      en: 'url must start with http:// or https://.',
      ja: 'urlはhttp://またはhttps://で始めてください。',
    };
  if (parsed.username || parsed.password)
    return {
      en: 'url must not contain a user name or password.',
      ja: 'urlにユーザー名やパスワードを含めないでください。',
    };
  if (!WEBHOOK_URL_PATTERN.test(url))
    return {
      en: 'url must be an absolute http(s) URL of printable ASCII characters (a host name or IPv4 address, then an optional port and path).',
      ja: 'urlは半角英数字などの印字可能なASCII文字によるhttp(s)の絶対URL（ホスト名またはIPv4アドレス、必要ならポートとパス）で指定してください。',
    };
  return null;
}

export class PrivateAddressError extends Error {
  constructor(host: string, address: string) {
    super(
      `refused: ${host} resolves to the private or loopback address ${address} (WEBHOOK_ALLOW_PRIVATE is off)`,
    );
    this.name = 'PrivateAddressError';
  }
}

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface WebhookRequest {
  url: string;
  secret: string;
  event: string;
  deliveryId: string;
  body: string;
}

export interface WebhookSenderOptions {
  allowPrivate: boolean;
  timeoutMs?: number;
}

/**
 * POSTs signed event JSON. The address is checked inside the socket's DNS lookup, so the checked
 * address is the one connected to (no rebinding between check and connect). Redirects are not
 * followed: node's http client never does, and a 3xx is a permanent failure.
 */
export class WebhookSender {
  constructor(private readonly options: WebhookSenderOptions) {}

  send(request: WebhookRequest): Promise<DeliveryOutcome> {
    const url = new URL(request.url);
    const client = url.protocol === 'https:' ? https : http;
    const allowPrivate = this.options.allowPrivate;
    const lookup = (
      hostname: string,
      options: object,
      callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
    ) => {
      dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
        if (err) return callback(err, []);
        const refused = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
        if (refused) return callback(new PrivateAddressError(hostname, refused.address), []);
        if ((options as { all?: boolean }).all) return callback(null, addresses);
        callback(null, addresses[0].address, addresses[0].family);
      });
    };
    // A literal IP skips DNS (and so the lookup hook): check it here.
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!allowPrivate && isIP(host) !== 0 && isPrivateAddress(host)) {
      return Promise.resolve({ kind: 'permanent', error: new PrivateAddressError(host, host).message });
    }
    return new Promise((resolve) => {
      const req = client.request(
        url,
        {
          method: 'POST',
          lookup: lookup as never,
          timeout: this.options.timeoutMs ?? 10_000,
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Length': Buffer.byteLength(request.body),
            'User-Agent': 'pdca-engine-webhook/1',
            'X-PDCA-Event': request.event,
            'X-PDCA-Delivery': request.deliveryId,
            'X-PDCA-Signature': signBody(request.secret, request.body),
          },
        },
        (res) => {
          // The answer's body is not needed; drain it so the socket is freed.
          res.resume();
          res.on('end', () => resolve(classifyHttpStatus(res.statusCode ?? 0)));
          res.on('error', (err) => resolve({ kind: 'temporary', error: truncate(err.message) }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err) =>
        resolve(
          err instanceof PrivateAddressError
            ? { kind: 'permanent', error: err.message }
            : { kind: 'temporary', error: truncate(err.message) },
        ),
      );
      req.end(request.body);
    });
  }
}
