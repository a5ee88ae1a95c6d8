import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType } from '@nestjs/swagger';
import { APPROVAL_STATUSES } from '@pdca/contracts';
import { STAGES, TEXT_MAX_LENGTH } from '@pdca/domain';
import type { ApprovalListEntry } from '@pdca/persistence/repositories';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ApprovalDto, mapApproval } from '../common/http/cycle-records.dto';
import { mapInboxEntryContext } from '../common/http/inbox-entry-context.dto';
import { PageOf, PaginationQueryDto } from '../common/http/pagination.dto';
import { INBOX_KINDS, InboxOriginDto } from '../policy-evaluations/policy-inbox';

export class ApprovalListQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: APPROVAL_STATUSES })
  @IsOptional()
  @IsIn(APPROVAL_STATUSES)
  status?: (typeof APPROVAL_STATUSES)[number];
}

export class ApprovalDecisionDto {
  @ApiProperty({ enum: ['approve', 'return'] })
  @IsIn(['approve', 'return'])
  decision: 'approve' | 'return';

  @ApiPropertyOptional({ maxLength: TEXT_MAX_LENGTH, description: 'Expected when returning.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX_LENGTH)
  comment?: string;

  @ApiPropertyOptional({
    description:
      'CHECK stage only: HQ’s own rating, a code of the city’s 二次評価（本部）scale (A–D by default).',
    maxLength: 32,
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  rating?: string;
}

class ApprovalInboxKindDto {
  @ApiProperty({ enum: STAGES, nullable: true, type: String, description: 'Null for a 施策評価.' })
  stage: string | null;
  @ApiProperty({ enum: INBOX_KINDS, description: 'policy_evaluation: a node’s 施策評価 (see node).' })
  submissionKind: string;
}

/** An approval step of an item's cycle, or of a 施策評価 (its cycle's fields null, node set). */
export class ApprovalInboxEntryDto extends IntersectionType(
  OmitType(ApprovalDto, ['cycleId', 'stage', 'submissionKind'] as const),
  ApprovalInboxKindDto,
  InboxOriginDto,
) {}

export class ApprovalPageDto extends PageOf(ApprovalInboxEntryDto) {}

export function mapApprovalEntry(entry: ApprovalListEntry): ApprovalInboxEntryDto {
  return { ...mapApproval(entry), ...mapInboxEntryContext(entry), policyEvaluationId: null, node: null };
}
