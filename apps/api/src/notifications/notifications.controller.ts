import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Role } from '@pdca/domain';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';
import {
  DeliveryListQueryDto,
  DeliveryPageDto,
  MarkAllReadDto,
  MarkedReadDto,
  MarkNotificationDto,
  NotificationListQueryDto,
  NotificationPageDto,
  NotificationPreferencesDto,
  RetriedDeliveryDto,
  RetryDeliveryDto,
  UnreadCountDto,
  UpdateNotificationPreferencesDto,
} from './notifications.dto';
import { NotificationsService } from './notifications.service';

/** Who reads the delivery log and retries dead letters. */
export const DELIVERY_ADMIN_ROLES: readonly Role[] = ['hq_admin', 'admin'];
/** Who may change their own notification state and settings: everyone but a pure auditor, who changes nothing. */
export const RECIPIENT_ROLES: readonly Role[] = ['wg_leader', 'hq_approver', 'hq_admin', 'admin'];

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Endpoint({
    summary: 'The signed-in user’s in-app notifications',
    action: { en: 'list the notifications', ja: '通知一覧の取得' },
    externalReviewers: 'own',
    description: 'Newest first; `unread=true` keeps the unread ones. Titles in Japanese and English.',
    ok: NotificationPageDto,
    errors: [400],
  })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: NotificationListQueryDto,
  ): Promise<NotificationPageDto> {
    return this.notifications.list(user, query);
  }

  @Get('unread-count')
  @Endpoint({
    summary: 'How many of the user’s notifications are unread',
    action: { en: 'count the unread notifications', ja: '未読通知数の取得' },
    externalReviewers: 'own',
    ok: UnreadCountDto,
  })
  unreadCount(@CurrentUser() user: AuthUser): Promise<UnreadCountDto> {
    return this.notifications.unreadCount(user);
  }

  @Post('read-all')
  @HttpCode(200)
  @Endpoint({
    summary: 'Mark all of the user’s notifications read',
    action: { en: 'mark the notifications read', ja: '通知の既読化' },
    externalReviewers: 'own',
    roles: RECIPIENT_ROLES,
    description: '`before`: only those created up to that instant, so one arriving meanwhile stays unread.',
    ok: MarkedReadDto,
    errors: [400],
  })
  markAllRead(@CurrentUser() user: AuthUser, @Body() dto: MarkAllReadDto): Promise<MarkedReadDto> {
    return this.notifications.markAllRead(user, dto);
  }

  @Patch(':notificationId')
  @Endpoint({
    summary: 'Mark one notification read (or unread again)',
    action: { en: 'mark the notification read', ja: '通知の既読化' },
    externalReviewers: 'own',
    roles: RECIPIENT_ROLES,
    description: 'Repeating it is harmless (`marked: 0`).',
    ok: MarkedReadDto,
    errors: [400, 404],
  })
  mark(
    @CurrentUser() user: AuthUser,
    @Param('notificationId', UuidParamPipe) id: string,
    @Body() dto: MarkNotificationDto,
  ): Promise<MarkedReadDto> {
    return this.notifications.mark(user, id, dto.read);
  }

  @Get('preferences')
  @Endpoint({
    summary: 'The user’s language and email settings',
    action: { en: 'read the notification settings', ja: '通知設定の取得' },
    externalReviewers: 'own',
    ok: NotificationPreferencesDto,
  })
  preferences(@CurrentUser() user: AuthUser): Promise<NotificationPreferencesDto> {
    return this.notifications.preferences(user);
  }

  @Put('preferences')
  @Endpoint({
    summary: 'Change the user’s language and email settings',
    action: { en: 'change the notification settings', ja: '通知設定の変更' },
    externalReviewers: 'own',
    roles: RECIPIENT_ROLES,
    description:
      'Per kind: `immediate` (one mail per event), `digest` (one mail a day at 08:30 JST with everything since the last one) or `off` (in-app only). Omitted fields stay as they are.',
    ok: NotificationPreferencesDto,
    errors: [400],
  })
  updatePreferences(
    @CurrentUser() user: AuthUser,
    @Body() dto: UpdateNotificationPreferencesDto,
  ): Promise<NotificationPreferencesDto> {
    return this.notifications.updatePreferences(user, dto);
  }
}

@ApiTags('notifications')
@Controller('notification-deliveries')
export class NotificationDeliveriesController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Endpoint({
    summary: 'The delivery log: who was told what, when, by which channel, with what result',
    action: { en: 'list the deliveries', ja: '配信履歴の取得' },
    roles: DELIVERY_ADMIN_ROLES,
    description: '`status=dead` lists the dead letters (with the last error). Newest first.',
    ok: DeliveryPageDto,
    errors: [400],
  })
  list(@CurrentUser() user: AuthUser, @Query() query: DeliveryListQueryDto): Promise<DeliveryPageDto> {
    return this.notifications.deliveries(user, query);
  }

  @Patch(':deliveryId')
  @Endpoint({
    summary: 'Send a dead letter again: `{"status": "pending"}`',
    action: { en: 'retry the delivery', ja: '配信の再送' },
    roles: DELIVERY_ADMIN_ROLES,
    description:
      'Puts a dead letter back in the queue, due now, with a fresh attempt budget; it keeps its id (X-PDCA-Delivery, Message-ID). 409 unless it is dead.',
    ok: RetriedDeliveryDto,
    errors: [400, 404],
  })
  retry(
    @CurrentUser() user: AuthUser,
    @Param('deliveryId', UuidParamPipe) id: string,
    @Body() _dto: RetryDeliveryDto,
  ): Promise<RetriedDeliveryDto> {
    return this.notifications.retry(user, id);
  }
}
