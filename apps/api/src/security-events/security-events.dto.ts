import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  SECURITY_EVENT_KINDS,
  type SecurityEvent,
  type SecurityEventKind,
  SIGN_IN_METHODS,
} from '@pdca/persistence/repositories';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageOf, PaginationQueryDto } from '../common/http/pagination.dto';

export class SecurityEventQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: SECURITY_EVENT_KINDS })
  @IsOptional()
  @IsIn(SECURITY_EVENT_KINDS)
  kind?: SecurityEventKind;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class SecurityEventDto {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ enum: SECURITY_EVENT_KINDS }) kind: string;
  @ApiProperty({ enum: SIGN_IN_METHODS }) method: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) userId: string | null;
  @ApiProperty({ nullable: true, type: String }) userDisplayName: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Why a sign-in failed, e.g. BAD_PASSWORD, ACCOUNT_DEACTIVATED, OIDC_STATE_MISMATCH.',
  })
  reason: string | null;
  @ApiProperty({ nullable: true, type: String }) clientIp: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) detail: Record<string, unknown>;
}

export class SecurityEventPageDto extends PageOf(SecurityEventDto) {}

export function mapSecurityEvent(e: SecurityEvent): SecurityEventDto {
  return {
    id: e.id,
    occurredAt: e.occurredAt.toISOString(),
    kind: e.kind,
    method: e.method,
    userId: e.userId,
    userDisplayName: e.userDisplayName,
    reason: e.reason,
    clientIp: e.clientIp,
    detail: e.detail,
  };
}
