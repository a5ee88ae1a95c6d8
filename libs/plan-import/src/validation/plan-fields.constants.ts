import type { PlanField } from '../plan-import.types';

export const DEFAULT_MAX_ROWS = 5000;

/** Longest accepted text per field (characters). */
export const MAX_LENGTHS: Readonly<Record<PlanField, number>> = {
  code: 40,
  title: 200,
  summary: 4000,
  background: 4000,
  goal: 300,
  theme: 300,
  level3: 300,
  alsoUnder: 300,
  nodeDescription: 4000,
  nodeVision: 4000,
  nodeBackground: 4000,
  nodeIndicator: 200,
  workingGroup: 100,
  indicator: 200,
  unit: 30,
  baseline: 50,
  target: 50,
  direction: 30,
  indicatorKind: 30,
  achievementFormula: 40,
  reviewCadence: 30,
  budget: 50,
  effectSpending: 50,
  effectRevenue: 50,
  effectCost: 50,
  effectNet: 50,
  projectCost: 50,
  staffFte: 20,
  fundingGeneral: 50,
  fundingNationalPrefectural: 50,
  fundingOther: 50,
  projectKind: 30,
};

/** Japanese names of the fields for messages (English messages use the field id). */
export const FIELD_LABELS_JA: Readonly<Record<PlanField, string>> = {
  code: '番号',
  title: '改革項目名',
  summary: '概要',
  background: '現状と課題',
  goal: '目標',
  theme: 'テーマ',
  level3: '第3階層',
  alsoUnder: '再掲先',
  nodeDescription: '説明',
  nodeVision: '目指す姿',
  nodeBackground: '現状と課題',
  nodeIndicator: '指標',
  workingGroup: '所管',
  indicator: '指標名',
  unit: '単位',
  baseline: '現状値',
  target: '目標値',
  direction: '方向',
  indicatorKind: '指標区分',
  achievementFormula: '達成率の算式',
  reviewCadence: '報告頻度',
  budget: '予算額',
  effectSpending: '歳出削減見込額',
  effectRevenue: '歳入確保見込額',
  effectCost: '取組経費',
  effectNet: '効果額目標',
  projectCost: '事業費',
  staffFte: '人工',
  fundingGeneral: '一般財源',
  fundingNationalPrefectural: '国・県支出金',
  fundingOther: 'その他',
  projectKind: '事業区分',
};

/** The field of each node level's column, from the top: level n is LEVEL_FIELDS[n - 1]. */
export const LEVEL_FIELDS = ['goal', 'theme', 'level3'] as const;
export type LevelField = (typeof LEVEL_FIELDS)[number];

/** The node levels of a plan that says nothing about its levels (目標 → テーマ → 改革項目). */
export const DEFAULT_NODE_LEVELS = 2;

/** The goal standing in for "no goal" (rows without a goal cell). */
export const DEFAULT_GOAL_CODE = 'default';
export const DEFAULT_GOAL_TITLE = '（目標なし） / (no goal)';
