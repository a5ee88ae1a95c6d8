import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CHANNELS,
  DELIVERY_STATUSES,
  EMAIL_MODES,
  EXTERNAL_EVENT_KINDS,
  LANGUAGES,
  PERSON_EVENT_TYPES,
  POLICY_EVENT_KINDS,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_URL_PATTERN,
} from '@pdca/notifications';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { OptionalNotNull } from '../common/http/optional';
import { BooleanQuery, PageOf, PaginationQueryDto } from '../common/http/pagination.dto';
import { Trim } from '../common/http/trim';

export const WEBHOOK_URL_MAX_LENGTH = 2000;

class LocalizedTextDto {
  @ApiProperty() ja: string;
  @ApiProperty() en: string;
}

export class NotificationListQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: '`true`: only unread notifications.' })
  @BooleanQuery()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    enum: [...PERSON_EVENT_TYPES, ...Object.keys(POLICY_EVENT_KINDS), ...Object.keys(EXTERNAL_EVENT_KINDS)],
    example: 'task.reminder',
    description:
      'The event; a 施策評価’s (policy_evaluation.*) or a 外部評価’s (external_review.*, external_response.*) follows the email setting of its item kind.',
  })
  type: string;
  @ApiProperty({ type: LocalizedTextDto, description: 'One line, as the mail subject without its prefix.' })
  title: LocalizedTextDto;
  @ApiProperty({ description: 'Where to open it in the web app.' }) link: string;
  @ApiPropertyOptional({ nullable: true, example: '1-1' }) itemCode: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) readAt: string | null;
}

export class NotificationPageDto extends PageOf(NotificationDto) {}

export class UnreadCountDto {
  @ApiProperty({ example: 3 }) unread: number;
}

export class MarkNotificationDto {
  @ApiProperty({ description: '`true`: read; `false`: unread again.' })
  @IsDefined()
  @IsBoolean()
  read: boolean;
}

export class MarkAllReadDto {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Only notifications created up to this instant (what the user has seen); default: all.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  before?: string;
}

export class MarkedReadDto {
  @ApiProperty({ description: 'How many notifications changed.' }) marked: number;
}

export class NotificationPreferencesDto {
  @ApiProperty({ enum: LANGUAGES, description: 'Language of mails and notifications (default ja).' })
  language: 'ja' | 'en';
  @ApiProperty({
    description: `Per kind (${PERSON_EVENT_TYPES.join(', ')}): ${EMAIL_MODES.join(' | ')}. A kind not listed is immediate.`,
    example: { 'task.reminder': 'digest', 'task.assigned': 'off' },
  })
  email: Record<string, string>;
}

export class UpdateNotificationPreferencesDto {
  @ApiPropertyOptional({ enum: LANGUAGES })
  @OptionalNotNull()
  @IsIn(LANGUAGES)
  language?: 'ja' | 'en';

  @ApiPropertyOptional({
    description: `Replaces the email settings: { kind: ${EMAIL_MODES.join(' | ')} } for kinds ${PERSON_EVENT_TYPES.join(', ')}.`,
    example: { 'task.reminder': 'digest' },
    type: 'object',
    properties: Object.fromEntries(
      PERSON_EVENT_TYPES.map((kind) => [kind, { type: 'string', enum: [...EMAIL_MODES] }]),
    ),
    additionalProperties: false,
  })
  @OptionalNotNull()
  @IsObject()
  email?: Record<string, unknown>;
}

export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://budget.example.lg.jp/hooks/pdca',
    maxLength: WEBHOOK_URL_MAX_LENGTH,
    // Checked by webhookUrlProblem() (with a message of its own), stated here for clients.
    pattern: WEBHOOK_URL_PATTERN.source,
  })
  @Trim()
  @IsString()
  @MaxLength(WEBHOOK_URL_MAX_LENGTH)
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['budget.reflected'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events: string[];
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) events: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({
    description:
      'HMAC-SHA256 key of X-PDCA-Signature. Shown only in this answer: store it now; it cannot be read again.',
  })
  secret: string;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] }) items: WebhookDto[];
}

export class DeliveryListQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, description: '`dead`: the dead letters.' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: string;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES })
  @IsOptional()
  @IsIn(WEBHOOK_EVENT_TYPES)
  eventType?: string;
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid', description: 'Also the X-PDCA-Delivery header and the mail’s Message-ID.' })
  id: string;
  @ApiProperty() outboxId: string;
  @ApiProperty() eventType: string;
  @ApiProperty({ enum: CHANNELS }) channel: string;
  @ApiPropertyOptional({ nullable: true, format: 'uuid' }) recipientUserId: string | null;
  @ApiPropertyOptional({ nullable: true }) recipientName: string | null;
  @ApiPropertyOptional({ nullable: true, format: 'uuid' }) webhookId: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'The mail address or webhook URL it went to.' })
  address: string | null;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ format: 'date-time' }) nextAttemptAt: string;
  @ApiPropertyOptional({ nullable: true }) lastError: string | null;
  @ApiPropertyOptional({ nullable: true, format: 'date-time' }) deliveredAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class DeliveryPageDto extends PageOf(DeliveryDto) {}

export class RetryDeliveryDto {
  @ApiProperty({
    enum: ['pending'],
    description: 'The only change allowed: a dead letter back to the queue.',
  })
  @IsIn(['pending'])
  status: 'pending';
}

export class RetriedDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['pending'] }) status: 'pending';
}
