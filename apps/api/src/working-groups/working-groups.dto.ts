import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TEXT_MAX_LENGTH } from '@pdca/domain';
import type { WorkingGroupOverview } from '@pdca/persistence/repositories';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { RefusesNull } from '../common/http/optional';
import { PageOf } from '../common/http/pagination.dto';
import { Trim } from '../common/http/trim';

export const MEMBERS_MAX = 200;

export class WorkingGroupPersonDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: '平塚 太郎' })
  displayName: string;
}

export class WorkingGroupOverviewDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 'DX推進WG' })
  name: string;
  @ApiProperty({
    type: WorkingGroupPersonDto,
    nullable: true,
    description: 'null: no leader yet (e.g. a group created by a plan import).',
  })
  leader: WorkingGroupPersonDto | null;
  @ApiProperty({ type: [WorkingGroupPersonDto], description: 'Members other than the leader.' })
  members: WorkingGroupPersonDto[];
  @ApiProperty({ description: 'Reform items the group is responsible for.', example: 3 })
  itemCount: number;
}

export class WorkingGroupPageDto extends PageOf(WorkingGroupOverviewDto) {}

export class UpdateWorkingGroupDto {
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The new leader: a user of the tenant holding `wg_leader`; null removes the leader.',
  })
  @IsOptional()
  @IsUUID('all')
  leaderUserId?: string | null;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MEMBERS_MAX,
    description:
      'The complete new member list (users of the tenant); the leader is left out of it. No members: [].',
  })
  @IsOptional()
  @RefusesNull()
  @IsArray()
  @ArrayMaxSize(MEMBERS_MAX)
  @IsUUID('all', { each: true })
  memberUserIds?: string[] | null;

  @ApiProperty({
    maxLength: TEXT_MAX_LENGTH,
    example: '人事異動（4月1日付）によるリーダー交代',
    description: 'Recorded in the audit ledger and in every running cycle that is reassigned.',
  })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX_LENGTH)
  reason: string;
}

export class CycleReassignFailureDto {
  @ApiProperty({ format: 'uuid' })
  cycleId: string;
  @ApiProperty({ format: 'uuid' })
  itemId: string;
  @ApiProperty({ example: '1-1' })
  itemCode: string;
  @ApiProperty({ example: 2026 })
  fiscalYear: number;
  @ApiProperty({
    example: 'CLOSED',
    description:
      'The code the same command would answer with on its own: CLOSED, NOT_ALLOWED, INVALID_PAYLOAD, TEMPORAL_UNAVAILABLE, TIMEOUT, … (INTERNAL for an unexpected error).',
  })
  code: string;
  @ApiProperty({ description: 'Japanese when Accept-Language prefers ja, English otherwise.' })
  message: string;
  @ApiProperty()
  messageEn: string;
  @ApiProperty()
  messageJa: string;
}

export class WorkingGroupUpdateResultDto {
  @ApiProperty({ type: WorkingGroupOverviewDto })
  workingGroup: WorkingGroupOverviewDto;
  @ApiProperty({
    description: 'Running cycles of the group’s items that now have the new leader and members.',
  })
  cyclesReassigned: number;
  @ApiProperty({
    type: [CycleReassignFailureDto],
    description:
      'Running cycles that refused or could not be reached; the group itself is changed. Repeat the request to retry them.',
  })
  cyclesFailed: CycleReassignFailureDto[];
}

export function mapWorkingGroup(group: WorkingGroupOverview): WorkingGroupOverviewDto {
  return {
    id: group.id,
    name: group.name,
    leader: group.leader ? { id: group.leader.id, displayName: group.leader.displayName } : null,
    members: group.members.map((m) => ({ id: m.id, displayName: m.displayName })),
    itemCount: group.itemCount,
  };
}
