import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/** One mail the catcher accepted. */
export interface CaughtMail {
  seq: number;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  receivedAt: string;
}

export interface MailCatcherOptions {
  /** 0: a free port. */
  smtpPort?: number;
  /** 0: a free port; null: no web page. */
  httpPort?: number | null;
  host?: string;
  /** Mails kept in memory (oldest dropped first). */
  maxMails?: number;
  /**
   * Decides the answer to a message before it is accepted (tests: 451 twice, then accept).
   * Return null to accept, or an SMTP code and text to refuse.
   */
  respond?: (mail: CaughtMail) => { code: number; message: string } | null;
}

/**
 * A real SMTP server (smtp-server) that keeps what it receives, with a small page listing the
 * mails: the dev stack's mail catcher and the tests' mail server. Accepts any login, no TLS.
 */
export class MailCatcher {
  readonly mails: CaughtMail[] = [];
  private seq = 0;
  private readonly listeners = new Set<() => void>();

  private constructor(
    private readonly smtp: SMTPServer,
    private readonly web: http.Server | null,
    readonly smtpPort: number,
    readonly httpUrl: string | null,
  ) {}

  static async start(options: MailCatcherOptions = {}): Promise<MailCatcher> {
    const host = options.host ?? '127.0.0.1';
    const max = options.maxMails ?? 500;
    let catcher: MailCatcher | undefined;
    const smtp = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      banner: 'pdca-engine mail catcher',
      logger: false,
      size: 10 * 1024 * 1024,
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'user' }),
      onData: (stream, session: SMTPServerSession, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            const mail: CaughtMail = {
              seq: 0,
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
              receivedAt: new Date().toISOString(),
            };
            const refusal = options.respond?.(mail) ?? null;
            if (refusal) {
              const err = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
              return callback(err);
            }
            mail.seq = ++catcher!.seq;
            catcher!.mails.push(mail);
            if (catcher!.mails.length > max) catcher!.mails.shift();
            for (const listener of catcher!.listeners) listener();
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    const smtpPort = await new Promise<number>((resolve, reject) => {
      smtp.once('error', reject);
      smtp.listen(options.smtpPort ?? 0, host, () => {
        smtp.off('error', reject);
        resolve((smtp.server.address() as AddressInfo).port);
      });
    });
    let web: http.Server | null = null;
    let httpUrl: string | null = null;
    if (options.httpPort !== null) {
      web = http.createServer((req, res) => {
        if (req.url?.startsWith('/api/mails')) {
          res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify([...catcher!.mails].reverse()));
          return;
        }
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(renderPage(catcher!.mails));
      });
      const port = await new Promise<number>((resolve, reject) => {
        web!.once('error', reject);
        web!.listen(options.httpPort ?? 0, host, () => resolve((web!.address() as AddressInfo).port));
      });
      httpUrl = `http://localhost:${port}`;
    }
    catcher = new MailCatcher(smtp, web, smtpPort, httpUrl);
    return catcher;
  }

  get smtpUrl(): string {
    return `smtp://127.0.0.1:${this.smtpPort}`;
  }

  /** Resolves once `predicate` holds for the mails received so far. */
  waitFor(predicate: (mails: CaughtMail[]) => boolean, timeoutMs = 30_000): Promise<void> {
    if (predicate(this.mails)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(
          new Error(`mail catcher: condition not met within ${timeoutMs} ms (${this.mails.length} mails)`),
        );
      }, timeoutMs);
      const check = () => {
        if (!predicate(this.mails)) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      this.listeners.add(check);
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.smtp.close(() => resolve()));
    if (this.web) {
      this.web.closeAllConnections();
      await new Promise<void>((resolve) => this.web!.close(() => resolve()));
    }
  }
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function renderPage(mails: CaughtMail[]): string {
  const rows = [...mails]
    .reverse()
    .map(
      (m) => `<details><summary><b>${escapeHtml(m.subject)}</b> — ${escapeHtml(m.to.join(', '))}
        <small>${escapeHtml(m.receivedAt)}</small></summary><pre>${escapeHtml(m.text)}</pre></details>`,
    )
    .join('\n');
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>メール受信箱 (pdca-engine)</title><style>body{font-family:sans-serif;margin:2em}details{border-bottom:1px solid #ddd;padding:.4em 0}pre{white-space:pre-wrap;background:#f6f6f6;padding:.8em}</style></head>
<body><h1>メール受信箱 / Mail catcher</h1><p>${mails.length} 通（5秒ごとに更新 / refreshes every 5 s）</p>${rows || '<p>まだメールはありません。/ No mail yet.</p>'}</body></html>`;
}
