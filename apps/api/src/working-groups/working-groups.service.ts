import { Injectable, Logger } from '@nestjs/common';
import { type Actor, type Reassignment, reassignUpdate } from '@pdca/contracts';
import type { Role } from '@pdca/domain';
import {
  CycleReadRepository,
  type RunningCycleRef,
  UserRepository,
  WorkingGroupRepository,
} from '@pdca/persistence/repositories';
import { ledgerActor } from '../common/auth/acting-role';
import { type ErrorDetail, errorDetail, notFound } from '../common/errors/localized-error';
import { validationException } from '../common/errors/validation';
import { requireOneOf } from '../common/http/at-least-one-field';
import { loadPage, type PaginationQueryDto } from '../common/http/pagination.dto';
import type { AuthUser } from '../common/http/request-context';
import { sendToCycles } from '../cycles/cycle-fan-out';
import { actorOf } from '../cycles/cycles.service';
import { CycleCommandsService } from '../temporal/cycle-commands.service';
import {
  type CycleReassignFailureDto,
  mapWorkingGroup,
  type UpdateWorkingGroupDto,
  type WorkingGroupPageDto,
  type WorkingGroupUpdateResultDto,
} from './working-groups.dto';

/** Who may change a working group; the ledger records hq_admin when the caller holds both (as the workflow does). */
export const WORKING_GROUP_ADMIN_ROLES: readonly Role[] = ['hq_admin', 'admin'];

const WORKING_GROUP = { en: 'the working group', ja: 'ワーキンググループ' };
const REASSIGN = { ja: 'サイクルの担当者変更', en: 'reassign the cycle' };

@Injectable()
export class WorkingGroupsService {
  private readonly logger = new Logger('WorkingGroups');

  constructor(
    private readonly groups: WorkingGroupRepository,
    private readonly users: UserRepository,
    private readonly cycleReads: CycleReadRepository,
    private readonly commands: CycleCommandsService,
  ) {}

  async list(user: AuthUser, query: PaginationQueryDto): Promise<WorkingGroupPageDto> {
    return loadPage(query, (window) => this.groups.listOverview(user.tenantId, window), mapWorkingGroup);
  }

  /**
   * Sets the leader and members (row and ledger entry in one transaction), then hands the new
   * assignment to every running cycle of the group's items. A cycle that refuses is reported, not
   * fatal: the group has changed, and the cycles that took the change keep it. Cycles started
   * later read the group when they start.
   */
  async update(
    user: AuthUser,
    groupId: string,
    dto: UpdateWorkingGroupDto,
    language: 'ja' | 'en',
  ): Promise<WorkingGroupUpdateResultDto> {
    requireOneOf(dto, ['leaderUserId', 'memberUserIds']);
    if (dto.memberUserIds === null) {
      // IsOptional lets null through; "no members" is [] (null would read as "unchanged" to some).
      throw validationException([
        errorDetail('memberUserIds', 'isArray', {
          ja: 'memberUserIdsは一覧（配列）で指定してください（メンバーなしは []）。',
          en: 'memberUserIds must be a list; send [] for no members.',
        }),
      ]);
    }
    const group = await this.groups.findById(user.tenantId, groupId);
    if (!group) throw notFound(WORKING_GROUP);

    const leaderUserId = dto.leaderUserId === undefined ? group.leaderUserId : dto.leaderUserId;
    const requestedMembers = dto.memberUserIds ?? group.memberUserIds;
    await this.assertUsers(user.tenantId, dto);
    // The leader is not also a member; duplicates go.
    const memberUserIds = [...new Set(requestedMembers)].filter((id) => id !== leaderUserId);

    const updated = await this.groups.assignRecorded(
      user.tenantId,
      groupId,
      { leaderUserId, memberUserIds },
      ledgerActor(user, WORKING_GROUP_ADMIN_ROLES),
      dto.reason,
    );
    if (!updated) throw notFound(WORKING_GROUP);

    const cycles = await this.cycleReads.runningCyclesOfWorkingGroup(user.tenantId, groupId);
    const reassignment: Reassignment = { leaderUserId, memberUserIds, reason: dto.reason };
    const failures = await this.reassignAll(cycles, actorOf(user), reassignment, language);
    return {
      workingGroup: mapWorkingGroup(updated),
      cyclesReassigned: cycles.length - failures.length,
      cyclesFailed: failures,
    };
  }

  /** The users named in the request exist in the caller's tenant; the leader holds wg_leader. */
  private async assertUsers(tenantId: string, dto: UpdateWorkingGroupDto): Promise<void> {
    const members = dto.memberUserIds ?? [];
    const ids = [...new Set([...(dto.leaderUserId ? [dto.leaderUserId] : []), ...members])];
    const found = new Map((await this.users.findInTenant(tenantId, ids)).map((u) => [u.id, u]));
    const problems: ErrorDetail[] = [];
    if (dto.leaderUserId) {
      const leader = found.get(dto.leaderUserId);
      if (!leader) {
        problems.push(unknownUser('leaderUserId'));
      } else if (!leader.roles.includes('wg_leader')) {
        problems.push(
          errorDetail('leaderUserId', 'wg_leader_role', {
            ja: `${leader.displayName}さんはWGリーダー（wg_leader）のロールを持っていません。先にロールを付与してください。`,
            en: `${leader.displayName} does not hold the working-group leader role (wg_leader); give it first.`,
          }),
        );
      }
    }
    members.forEach((id, index) => {
      if (!found.has(id)) problems.push(unknownUser(`memberUserIds[${index}]`));
    });
    if (problems.length > 0) throw validationException(problems);
  }

  private reassignAll(
    cycles: RunningCycleRef[],
    actor: Actor,
    reassignment: Reassignment,
    language: 'ja' | 'en',
  ): Promise<CycleReassignFailureDto[]> {
    return sendToCycles(
      cycles,
      (cycle) => this.commands.update(cycle.workflowId, reassignUpdate, [actor, reassignment]),
      { what: REASSIGN, language, logger: this.logger },
    );
  }
}

function unknownUser(field: string): ErrorDetail {
  return errorDetail(field, 'unknown_user', {
    ja: `${field}に指定された利用者は登録されていません。`,
    en: `${field} is not a user of your city.`,
  });
}
