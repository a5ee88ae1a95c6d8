import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';
import { DELIVERY_ADMIN_ROLES } from './notifications.controller';
import { CreatedWebhookDto, CreateWebhookDto, WebhookDto, WebhookListDto } from './notifications.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Endpoint({
    summary: 'Subscribe a URL to events (e.g. the budget system to budget.reflected)',
    action: { en: 'register the webhook', ja: 'Webhookの登録' },
    roles: DELIVERY_ADMIN_ROLES,
    description: [
      'Each event is POSTed as JSON with `X-PDCA-Event`, `X-PDCA-Delivery` (the same on every retry)',
      'and `X-PDCA-Signature: sha256=<hex HMAC-SHA256 of the raw body with the secret>`.',
      'The secret is in this answer only. Redirects are not followed; URLs resolving to loopback or',
      'private addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true.',
    ].join(' '),
    created: CreatedWebhookDto,
    errors: [400],
  })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateWebhookDto): Promise<CreatedWebhookDto> {
    return this.webhooks.create(user, dto);
  }

  @Get()
  @Endpoint({
    summary: 'The tenant’s webhooks (without secrets)',
    action: { en: 'list the webhooks', ja: 'Webhook一覧の取得' },
    roles: DELIVERY_ADMIN_ROLES,
    ok: WebhookListDto,
  })
  list(@CurrentUser() user: AuthUser): Promise<WebhookListDto> {
    return this.webhooks.list(user);
  }

  @Delete(':webhookId')
  @Endpoint({
    summary: 'Unsubscribe a webhook',
    action: { en: 'delete the webhook', ja: 'Webhookの削除' },
    roles: DELIVERY_ADMIN_ROLES,
    description:
      'Answers the deleted webhook. Its pending deliveries are dropped; the delivery log keeps the past ones.',
    ok: WebhookDto,
    errors: [404],
  })
  delete(@CurrentUser() user: AuthUser, @Param('webhookId', UuidParamPipe) id: string): Promise<WebhookDto> {
    return this.webhooks.delete(user, id);
  }
}
