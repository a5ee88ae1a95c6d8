import nodemailer, { type Transporter, type TransportOptions } from 'nodemailer';
import { classifySmtpError, type DeliveryOutcome, truncate } from './delivery-outcome';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The delivery id: the same Message-ID on every retry, so a mail client can drop a duplicate. */
  messageId: string;
}

export interface EmailSenderOptions {
  smtpUrl: string;
  from: string;
  /** Connection and answer timeout; a timeout is a temporary failure. */
  timeoutMs?: number;
}

/** Sends through nodemailer's SMTP transport (pooled connections) and classifies the answer. */
export class EmailSender {
  private readonly transport: Transporter;

  constructor(private readonly options: EmailSenderOptions) {
    const timeout = options.timeoutMs ?? 30_000;
    // The URL's query carries TLS options (e.g. `?tls.rejectUnauthorized=false`); these are defaults.
    this.transport = nodemailer.createTransport({
      url: options.smtpUrl,
      pool: true,
      maxConnections: 4,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    } as TransportOptions);
  }

  async send(message: EmailMessage): Promise<DeliveryOutcome> {
    try {
      const info = await this.transport.sendMail({
        from: this.options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: `<${message.messageId}@pdca-engine>`,
      });
      return { kind: 'delivered', detail: truncate(String(info.response ?? 'accepted')) };
    } catch (err) {
      return classifySmtpError(err);
    }
  }

  close(): void {
    this.transport.close();
  }
}
