import { HttpStatus, Injectable } from '@nestjs/common';
import type { Role } from '@pdca/domain';
import {
  type PolicyEvaluationSheetData,
  PolicyEvaluationSheetRepository,
} from '@pdca/persistence/repositories';
import { policyEvaluationSheetHtml, policyEvaluationSheetXlsx } from '@pdca/reports/policy-evaluation-sheet';
import { apiError, notFound } from '../common/errors/localized-error';
import type { AuthUser } from '../common/http/request-context';
import {
  type EvaluationSheetRenderOptions,
  type RenderedEvaluationSheet,
  sheetFile,
} from '../evaluation-sheets/evaluation-sheets.service';

/** What a 404 names: the node has no 施策評価 in that year (or is not the tenant's). */
export const POLICY_EVALUATION_OF_YEAR = {
  ja: 'その年度の施策評価',
  en: 'the policy evaluation of that year',
};

/** Roles that read every node's sheet; a node's owner (担当部長) reads their own. */
const READ_ALL: readonly Role[] = ['hq_approver', 'hq_admin', 'admin', 'auditor'];

/** One rendered 施策評価シート: the item sheet's file, of a node. */
export interface RenderedPolicySheet extends Omit<RenderedEvaluationSheet, 'itemId' | 'itemCode'> {
  readonly nodeId: string;
  readonly nodeCode: string;
  readonly nodeTitle: string;
}

/**
 * 施策評価シート files (#24). `render` and `renderPlan` take a tenant id, not a user, so that an
 * edition can freeze a year's sheets on HQ's behalf; `renderForUser` is the endpoint's way in.
 */
@Injectable()
export class PolicyEvaluationSheetsService {
  constructor(private readonly sheets: PolicyEvaluationSheetRepository) {}

  async renderForUser(
    user: AuthUser,
    nodeId: string,
    fiscalYear: number,
    options: EvaluationSheetRenderOptions,
  ): Promise<RenderedPolicySheet> {
    const data = await this.sheets.load(user.tenantId, nodeId, fiscalYear);
    if (!data) throw notFound(POLICY_EVALUATION_OF_YEAR);
    const readsAll = user.roles.some((role) => READ_ALL.includes(role as Role));
    if (!readsAll && data.node.ownerUserId !== user.id) {
      throw apiError(
        HttpStatus.FORBIDDEN,
        {
          ja: '施策評価シートは、本部・監査担当者と、その施策の担当部長だけが出力できます。',
          en: 'Only HQ, auditors and the node’s responsible director may export its policy evaluation sheet.',
        },
        { code: 'NOT_NODE_OWNER' },
      );
    }
    return renderPolicySheet(data, options);
  }

  /** Every evaluated node's sheet of a plan for the year, in plan order (none: an empty list). */
  async renderPlan(
    tenantId: string,
    planId: string,
    fiscalYear: number,
    options: EvaluationSheetRenderOptions,
  ): Promise<RenderedPolicySheet[]> {
    const rendered: RenderedPolicySheet[] = [];
    for (const data of await this.sheets.loadPlan(tenantId, planId, fiscalYear)) {
      rendered.push(await renderPolicySheet(data, options));
    }
    return rendered;
  }
}

async function renderPolicySheet(
  data: PolicyEvaluationSheetData,
  options: EvaluationSheetRenderOptions,
): Promise<RenderedPolicySheet> {
  const renderOptions = { publication: options.publication, lang: options.lang };
  const { id, code, title } = data.node;
  const file = await sheetFile(
    options,
    {
      html: () => policyEvaluationSheetHtml(data, renderOptions),
      xlsx: () => policyEvaluationSheetXlsx(data, renderOptions),
    },
    { en: 'policy-evaluation-sheet', ja: '施策評価シート', code, title, fy: data.fiscalYear },
  );
  return { nodeId: id, nodeCode: code, nodeTitle: title, ...file };
}
