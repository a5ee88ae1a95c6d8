/**
 * What a plan's 出典 (`# source:` of its file) says to a reader: the document's title, without a
 * leading file path (`shared/seeds/002_….txt 「平塚市行財政改革計画…」（概要版）` → the title), or null
 * when it is only a path, which means nothing outside the repository.
 */
export function sourceTitle(source: string | null | undefined): string | null {
  const text = source?.trim() ?? '';
  const [first = '', ...rest] = text.split(/\s+/);
  const isPath = /[/\\]/.test(first) || /^[\w.-]+\.(txt|csv|tsv|json|pdf|xlsx?|docx?|md)$/i.test(first);
  const title = isPath ? rest.join(' ') : text;
  return title === '' ? null : title;
}
