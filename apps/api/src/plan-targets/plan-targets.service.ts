import { HttpStatus, Injectable } from '@nestjs/common';
import {
  ACHIEVEMENT_FORMULA_LABELS,
  fiscalYearOf,
  jstDateString,
  type LocalizedText,
  planTargetProgress,
  type Role,
  type TargetPeriod,
  targetPeriodOf,
  type ValidationProblem,
  validatePlanTargetActual,
  validatePlanTargetSettings,
} from '@pdca/domain';
import {
  PlanNodeOwnerRepository,
  PlanTargetRepository,
  type StoredPlanTarget,
  type StoredPlanTargets,
  type TargetIndicatorOwner,
} from '@pdca/persistence/repositories';
import { ledgerActor } from '../common/auth/acting-role';
import { apiError, errorDetail, notFound } from '../common/errors/localized-error';
import { outsidePlanPeriod } from '../common/errors/plan-period';
import { validationException } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';
import { PLAN } from '../plans/plans.service';
import type {
  PlanTargetDto,
  PlanTargetsDto,
  PlanTargetWriteResultDto,
  PutIndicatorActualDto,
  PutIndicatorTargetsDto,
} from './plan-targets.dto';

/** Who sets the targets of a plan/node indicator and enters any actual: HQ's administrators. */
export const TARGET_WRITER_ROLES: readonly Role[] = ['hq_admin', 'admin'];

/**
 * Who may enter a year's actual: HQ's administrators, and a node's owner (施策評価, a `wg_leader`)
 * for the indicators of the node they own (checked in `assertMayWrite`).
 */
export const ACTUAL_WRITER_ROLES: readonly Role[] = [...TARGET_WRITER_ROLES, 'wg_leader'];

const INDICATOR: LocalizedText = { ja: '計画・施策の指標', en: 'the plan or node indicator' };

const CUMULATIVE_OVER_TARGET: LocalizedText = {
  ja: '累計÷目標値（計画期間）',
  en: 'cumulative ÷ whole-period target',
};

@Injectable()
export class PlanTargetsService {
  constructor(
    private readonly targets: PlanTargetRepository,
    private readonly nodeOwners: PlanNodeOwnerRepository,
  ) {}

  /** The plan's and its nodes' indicators with their progress as of `fiscalYear`. */
  async list(user: AuthUser, planId: string, fiscalYear: number): Promise<PlanTargetsDto> {
    const stored = await this.targets.load(user.tenantId, planId);
    if (!stored) throw notFound(PLAN);
    return planTargetsView(stored, fiscalYear);
  }

  /** Records or corrects a year's actual (出典 and 時点 with it); the same again writes nothing. */
  async recordActual(
    user: AuthUser,
    indicatorId: string,
    fiscalYear: number,
    dto: PutIndicatorActualDto,
  ): Promise<PlanTargetWriteResultDto> {
    const owner = await this.writableIndicator(user, indicatorId, 'actual');
    const periodProblem = outsidePlanPeriod(fiscalYear, owner);
    if (periodProblem) throw periodProblem;
    const today = jstDateString(new Date());
    throwProblems(validatePlanTargetActual(dto, fiscalYear, today));
    const outcome = await this.targets.recordActual({
      tenantId: user.tenantId,
      indicatorId,
      fiscalYear,
      value: dto.value,
      source: dto.source,
      asOf: dto.asOf,
      note: dto.note?.trim() ? dto.note : null,
      actor: ledgerActor(user, ACTUAL_WRITER_ROLES),
    });
    if (outcome === 'not_found') throw notFound(INDICATOR);
    return { changed: outcome === 'changed', indicator: await this.indicatorView(user, owner, fiscalYear) };
  }

  /** Sets the whole-period target, yearly targets and/or accumulation, with the reason in the ledger. */
  async updateTargets(
    user: AuthUser,
    indicatorId: string,
    dto: PutIndicatorTargetsDto,
  ): Promise<PlanTargetWriteResultDto> {
    const owner = await this.writableIndicator(user, indicatorId, 'targets');
    const period: TargetPeriod | null =
      owner.periodStartFy !== null && owner.periodEndFy !== null
        ? { fromFy: owner.periodStartFy, toFy: owner.periodEndFy }
        : null;
    throwProblems(validatePlanTargetSettings(dto, period));
    const outcome = await this.targets.updateTargets({
      tenantId: user.tenantId,
      indicatorId,
      ...(dto.periodTarget !== undefined ? { periodTarget: dto.periodTarget } : {}),
      ...(dto.targets !== undefined ? { targets: dto.targets } : {}),
      ...(dto.accumulation !== undefined ? { accumulation: dto.accumulation } : {}),
      reason: dto.reason,
      actor: ledgerActor(user, TARGET_WRITER_ROLES),
    });
    if (outcome === 'not_found') throw notFound(INDICATOR);
    const asOf = fiscalYearOf(new Date());
    return { changed: outcome === 'changed', indicator: await this.indicatorView(user, owner, asOf) };
  }

  /**
   * A plan/node indicator of the caller's tenant (404 otherwise: an item's indicator takes its
   * actuals through the CHECK evaluation) that the caller may write.
   */
  private async writableIndicator(
    user: AuthUser,
    indicatorId: string,
    write: 'actual' | 'targets',
  ): Promise<TargetIndicatorOwner> {
    const owner = await this.targets.owner(user.tenantId, indicatorId);
    if (!owner || owner.owner === 'item') throw notFound(INDICATOR);
    await this.assertMayWrite(user, owner, write);
    return owner;
  }

  /** HQ's administrators write anything; a node's owner only the actuals of their node's indicators. */
  private async assertMayWrite(
    user: AuthUser,
    indicator: TargetIndicatorOwner,
    write: 'actual' | 'targets',
  ): Promise<void> {
    if (TARGET_WRITER_ROLES.some((role) => user.roles.includes(role))) return;
    if (write === 'actual' && indicator.nodeId) {
      const node = await this.nodeOwners.findNode(user.tenantId, indicator.nodeId);
      if (node?.ownerUserId === user.id) return;
    }
    throw apiError(HttpStatus.FORBIDDEN, {
      ja: '主要目標の実績を入力できるのは本部の管理者と、その施策の担当者です（目標値は本部の管理者のみ）。',
      en: 'Only HQ’s administrators, and a node’s owner for the node’s indicators, enter actuals (targets: HQ’s administrators only).',
    });
  }

  private async indicatorView(
    user: AuthUser,
    owner: TargetIndicatorOwner,
    fiscalYear: number,
  ): Promise<PlanTargetDto> {
    const stored = await this.targets.load(user.tenantId, owner.planId);
    if (!stored) throw notFound(PLAN);
    const view = planTargetsView(stored, fiscalYear).indicators.find((i) => i.id === owner.id);
    if (!view) throw notFound(INDICATOR);
    return view;
  }
}

function throwProblems(problems: readonly ValidationProblem[]): void {
  if (problems.length === 0) return;
  throw validationException(problems.map((p) => errorDetail(p.field, p.rule, p.message)));
}

/** Every indicator's progress over the plan's period (else the years its indicators know). */
export function planTargetsView(stored: StoredPlanTargets, fiscalYear: number): PlanTargetsDto {
  const known = stored.indicators.flatMap((i) => [
    ...Object.keys(i.targets).map(Number),
    ...i.actuals.map((a) => a.fiscalYear),
  ]);
  const period = targetPeriodOf(stored.plan, known, fiscalYear);
  return {
    planId: stored.plan.id,
    planTitle: stored.plan.title,
    fiscalYear,
    fromFy: period.fromFy,
    toFy: period.toFy,
    indicators: stored.indicators.map((i) => indicatorView(stored, i, fiscalYear, period)),
  };
}

function indicatorView(
  stored: StoredPlanTargets,
  indicator: StoredPlanTarget,
  fiscalYear: number,
  period: TargetPeriod,
): PlanTargetDto {
  const formula = indicator.achievementFormula ?? stored.achievementFormula;
  const progress = planTargetProgress(
    {
      direction: indicator.direction,
      baseline: indicator.baseline,
      formula,
      accumulation: indicator.accumulation,
      periodTarget: indicator.periodTarget,
      finalTarget: indicator.finalTarget,
      targets: indicator.targets,
      actuals: Object.fromEntries(indicator.actuals.map((a) => [a.fiscalYear, a.value])),
    },
    fiscalYear,
    period,
  );
  const level = indicator.node ? stored.levels[indicator.node.level - 1] : undefined;
  return {
    id: indicator.id,
    owner: indicator.node ? 'node' : 'plan',
    node: indicator.node
      ? {
          ...indicator.node,
          levelName: level?.name ?? {
            ja: `第${indicator.node.level}階層`,
            en: `Level ${indicator.node.level}`,
          },
        }
      : null,
    name: indicator.name,
    unit: indicator.unit,
    kind: indicator.kind,
    direction: indicator.direction,
    accumulation: indicator.accumulation,
    baseline: indicator.baseline,
    achievementFormula: formula,
    periodTarget: progress.periodTarget,
    periodTargetDerived: progress.periodTargetDerived,
    years: progress.years.map((y) => {
      const entered =
        y.actual === null ? undefined : indicator.actuals.find((a) => a.fiscalYear === y.fiscalYear);
      return {
        ...y,
        source: entered?.source ?? null,
        asOf: entered?.asOf ?? null,
        note: entered?.note ?? null,
        enteredByName: entered?.enteredByName ?? null,
        enteredAt: entered?.enteredAt ?? null,
      };
    }),
    cumulative: progress.cumulative,
    cumulativeFiscalYear: progress.cumulativeFiscalYear,
    progressRate: progress.progressRate,
    progressFormula: progress.progressFormula,
    progressFormulaLabel:
      progress.progressFormula === null
        ? null
        : progress.progressFormula === 'cumulative_over_target'
          ? CUMULATIVE_OVER_TARGET
          : ACHIEVEMENT_FORMULA_LABELS[progress.progressFormula],
  };
}
