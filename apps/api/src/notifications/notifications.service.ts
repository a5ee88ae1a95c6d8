import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type AppConfig, publicLinkBase } from '@pdca/config';
import { EMAIL_MODES, type Language, PERSON_EVENT_TYPES, renderNotification } from '@pdca/notifications';
import { type InboxRow, NotificationRepository } from '@pdca/persistence/repositories';
import { apiError, type ErrorDetail, errorDetail, notFound } from '../common/errors/localized-error';
import { validationException } from '../common/errors/validation';
import { iso } from '../common/http/iso-date';
import { loadPage } from '../common/http/pagination.dto';
import type { AuthUser } from '../common/http/request-context';
import { APP_CONFIG } from '../infrastructure/tokens';
import type {
  DeliveryListQueryDto,
  DeliveryPageDto,
  MarkAllReadDto,
  MarkedReadDto,
  NotificationDto,
  NotificationListQueryDto,
  NotificationPageDto,
  NotificationPreferencesDto,
  RetriedDeliveryDto,
  UpdateNotificationPreferencesDto,
} from './notifications.dto';

const NOTIFICATION = { en: 'the notification', ja: '通知' };
const DELIVERY = { en: 'the delivery', ja: '配信' };

/** The signed-in user's in-app notifications and preferences; the tenant's delivery log. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(user: AuthUser, query: NotificationListQueryDto): Promise<NotificationPageDto> {
    return loadPage(
      query,
      (window) => this.notifications.listInbox(user.id, query.unread === true, window),
      (row) => this.map(user.id, row),
    );
  }

  async unreadCount(user: AuthUser): Promise<{ unread: number }> {
    return { unread: await this.notifications.unreadCount(user.id) };
  }

  async mark(user: AuthUser, id: string, read: boolean): Promise<MarkedReadDto> {
    if (!(await this.notifications.inboxEntryExists(user.id, id))) throw notFound(NOTIFICATION);
    return {
      marked: read
        ? await this.notifications.markRead(user.id, { id })
        : await this.notifications.markUnread(user.id, id),
    };
  }

  async markAllRead(user: AuthUser, dto: MarkAllReadDto): Promise<MarkedReadDto> {
    return {
      marked: await this.notifications.markRead(user.id, {
        before: dto.before ? new Date(dto.before) : undefined,
      }),
    };
  }

  async preferences(user: AuthUser): Promise<NotificationPreferencesDto> {
    const { language, preferences } = await this.notifications.preferencesOf(user.id);
    return { language, email: (preferences as { email?: Record<string, string> }).email ?? {} };
  }

  async updatePreferences(
    user: AuthUser,
    dto: UpdateNotificationPreferencesDto,
  ): Promise<NotificationPreferencesDto> {
    let email: Record<string, string> | undefined;
    if (dto.email !== undefined) {
      const problems: ErrorDetail[] = [];
      email = {};
      for (const [kind, mode] of Object.entries(dto.email)) {
        const field = `email.${kind}`;
        if (!(PERSON_EVENT_TYPES as readonly string[]).includes(kind)) {
          problems.push(
            errorDetail(field, 'isIn', {
              ja: `${field}: ${kind}は通知の種類ではありません。次のいずれかを指定してください: ${PERSON_EVENT_TYPES.join(', ')}`,
              en: `${field}: ${kind} is not a notification kind; use one of: ${PERSON_EVENT_TYPES.join(', ')}.`,
            }),
          );
        } else if (typeof mode !== 'string' || !(EMAIL_MODES as readonly string[]).includes(mode)) {
          problems.push(
            errorDetail(field, 'isIn', {
              ja: `${field}は次のいずれかを指定してください: ${EMAIL_MODES.join(', ')}`,
              en: `${field} must be one of: ${EMAIL_MODES.join(', ')}.`,
            }),
          );
        } else {
          email[kind] = mode;
        }
      }
      if (problems.length > 0) throw validationException(problems);
    }
    await this.notifications.savePreferences(
      user.id,
      dto.language,
      email === undefined ? undefined : { email },
    );
    return this.preferences(user);
  }

  async deliveries(user: AuthUser, query: DeliveryListQueryDto): Promise<DeliveryPageDto> {
    return loadPage(
      query,
      (window) => this.notifications.listDeliveries(user.tenantId, query, window),
      (row) => ({
        ...row,
        nextAttemptAt: iso(row.nextAttemptAt)!,
        deliveredAt: iso(row.deliveredAt),
        createdAt: iso(row.createdAt)!,
      }),
    );
  }

  async retry(user: AuthUser, id: string): Promise<RetriedDeliveryDto> {
    const result = await this.notifications.retryDead(user.tenantId, id);
    if (result === 'not_found') throw notFound(DELIVERY);
    if (result === 'not_dead') {
      throw apiError(
        HttpStatus.CONFLICT,
        {
          ja: '再送できるのは配信不能となった配信だけです（この配信は処理中か配信済みです）。',
          en: 'Only a dead letter can be retried; this delivery is still being handled or was delivered.',
        },
        { code: 'NOT_DEAD' },
      );
    }
    return { id, status: 'pending' };
  }

  private map(userId: string, row: InboxRow): NotificationDto {
    const render = (language: Language) =>
      renderNotification({
        type: row.eventType,
        payload: row.payload,
        item: row.itemCode ? { code: row.itemCode, title: row.itemTitle ?? '', planId: row.planId } : null,
        round: row.round,
        reviewTitle: row.reviewTitle,
        language,
        recipientUserId: userId,
        publicUrl: publicLinkBase(this.config),
      });
    const ja = render('ja');
    return {
      id: row.id,
      type: row.eventType,
      title: { ja: ja.title, en: render('en').title },
      link: ja.link,
      itemCode: row.itemCode,
      createdAt: iso(row.createdAt)!,
      readAt: iso(row.readAt),
    };
  }
}
