import { planError, planWarning } from '../plan-import.messages';
import type { PlanImportProblem } from '../plan-import.types';
import type { ResolvedMetadata } from '../plan-metadata';
import { cleanCell } from '../value-parsers';

export interface PlanTitle {
  /** Undefined (or '') when neither the file, the options nor the file name give one. */
  readonly title?: string;
  readonly problems: readonly PlanImportProblem[];
}

/** The plan's title: metadata/options, else the file name (with a warning), else an error. */
export function resolvePlanTitle(
  meta: Pick<ResolvedMetadata, 'title'>,
  fileName: string | undefined,
): PlanTitle {
  if (meta.title) return { title: meta.title, problems: [] };
  const problems: PlanImportProblem[] = [];
  const title = fileName ? baseName(fileName) : meta.title;
  if (fileName) {
    problems.push(
      planWarning(
        'plan_title_missing',
        {},
        {
          ja: `計画名が指定されていないため、ファイル名「${title}」を計画名にします（# plan: … で指定できます）。`,
          en: `No plan title was given; the file name "${title}" is used (set it with "# plan: …").`,
        },
      ),
    );
  }
  if (!title) {
    problems.push(
      planError(
        'plan_title_missing',
        {},
        {
          ja: '計画名がありません。ファイル先頭に「# plan: 計画名」と書くか、取込時に指定してください。',
          en: 'The plan has no title. Add "# plan: <title>" at the top of the file or pass it with the import.',
        },
      ),
    );
  }
  return { title, problems };
}

/** `C:\plans\平塚市.tsv` → 平塚市. */
export function baseName(fileName: string): string {
  return cleanCell(
    fileName
      .split(/[\\/]/)
      .pop()!
      .replace(/\.[^.]+$/, ''),
  );
}
