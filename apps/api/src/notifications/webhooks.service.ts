import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { webhookUrlProblem } from '@pdca/notifications';
import { NotificationRepository, type WebhookRow } from '@pdca/persistence/repositories';
import { errorDetail, notFound } from '../common/errors/localized-error';
import { validationException } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';
import type { CreatedWebhookDto, CreateWebhookDto, WebhookDto, WebhookListDto } from './notifications.dto';

const WEBHOOK = { en: 'the webhook', ja: 'Webhook' };
/** At most this many webhooks per tenant: every event fans out to each of them. */
export const MAX_WEBHOOKS_PER_TENANT = 20;

const map = (row: WebhookRow): WebhookDto => ({
  id: row.id,
  url: row.url,
  events: row.events,
  createdAt: new Date(row.createdAt).toISOString(),
});

/**
 * Webhook subscriptions of the tenant. The URL's form is checked here; whether it resolves to a
 * private address is checked when connecting (DNS can change after registration).
 */
@Injectable()
export class WebhooksService {
  constructor(private readonly notifications: NotificationRepository) {}

  async create(user: AuthUser, dto: CreateWebhookDto): Promise<CreatedWebhookDto> {
    const problem = webhookUrlProblem(dto.url);
    if (problem) {
      throw validationException([errorDetail('url', 'isUrl', problem)]);
    }
    if ((await this.notifications.listWebhooks(user.tenantId)).length >= MAX_WEBHOOKS_PER_TENANT) {
      throw validationException([
        errorDetail('url', 'maxWebhooks', {
          ja: `Webhookは1団体あたり${MAX_WEBHOOKS_PER_TENANT}件までです。先に不要なものを削除してください。`,
          en: `A tenant may have at most ${MAX_WEBHOOKS_PER_TENANT} webhooks; delete one first.`,
        }),
      ]);
    }
    const secret = `whsec_${randomBytes(32).toString('hex')}`;
    const row = await this.notifications.createWebhook({
      tenantId: user.tenantId,
      url: dto.url,
      events: [...new Set(dto.events)],
      secret,
      createdBy: user.id,
    });
    return { ...map(row), secret };
  }

  async list(user: AuthUser): Promise<WebhookListDto> {
    return { items: (await this.notifications.listWebhooks(user.tenantId)).map(map) };
  }

  async delete(user: AuthUser, id: string): Promise<WebhookDto> {
    const deleted = await this.notifications.deleteWebhook(user.tenantId, id);
    if (!deleted) throw notFound(WEBHOOK);
    return map(deleted);
  }
}
