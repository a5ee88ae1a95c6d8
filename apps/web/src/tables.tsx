// The pieces of the app's data tables: header row, shared column sets, pager and rows that open a form.
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useI18n } from './i18n';
import { punct } from './lib/format';

/** A table's column heading: its text, right-aligned for numbers, or read only by screen readers. */
export interface Column {
  label: string;
  num?: boolean;
  hidden?: boolean;
}

/** The columns several tables begin with, named once so that they read alike everywhere. */
export const ITEM_COLUMNS = [
  'common.code',
  'common.item',
  'common.workingGroup',
  'common.stage',
  'common.status',
] as const;
export const INDICATOR_COLUMNS = [
  'plan.indicator',
  'plan.unit',
  'plan.baseline',
  'plan.direction',
  'plan.planned',
] as const;

/**
 * A table too wide for the screen scrolls inside its own box (styles.css, phone width); while it
 * does, the table can take the keyboard's focus so that it can be scrolled without a mouse.
 */
function useScrollableTable() {
  const ref = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    const table = ref.current?.closest('table');
    if (!table || typeof ResizeObserver === 'undefined') return;
    const update = () => {
      if (table.scrollWidth > table.clientWidth + 1) table.tabIndex = 0;
      else table.removeAttribute('tabindex');
    };
    const observer = new ResizeObserver(update);
    observer.observe(table);
    update();
    return () => observer.disconnect();
  }, []);
  return ref;
}

/** The header row of a data table; a `false` column (one not shown to this user) is left out. */
export function TableHead({ columns }: { columns: (Column | string | false)[] }) {
  const ref = useScrollableTable();
  return (
    <thead ref={ref}>
      <tr>
        {columns
          .filter((column) => column !== false)
          .map((column) => {
            const c = typeof column === 'string' ? { label: column } : column;
            return (
              <th key={c.label} scope="col" className={c.num ? 'num' : undefined}>
                {c.hidden ? <span className="visually-hidden">{c.label}</span> : c.label}
              </th>
            );
          })}
      </tr>
    </thead>
  );
}

/** Previous / next under a long list, with "rows a–b of n"; nothing when one page holds all. */
export function Pager({
  view,
  total,
  size,
  onPage,
}: {
  view: { page: number; pages: number; rows: readonly unknown[] };
  total: number;
  size: number;
  onPage: (page: number) => void;
}) {
  const { t } = useI18n();
  if (view.pages <= 1) return null;
  const from = view.page * size + 1;
  const label = t('common.page', { from, to: from + view.rows.length - 1, total });
  return (
    <nav className="pager" aria-label={label}>
      <button
        type="button"
        className="secondary"
        disabled={view.page === 0}
        onClick={() => onPage(view.page - 1)}
      >
        {t('common.prev')}
      </button>
      <span>{label}</span>
      <button
        type="button"
        className="secondary"
        disabled={view.page >= view.pages - 1}
        onClick={() => onPage(view.page + 1)}
      >
        {t('common.next')}
      </button>
    </nav>
  );
}

/** Which row of a table has its form open (one at a time): `row(id)` gives an EditableRow its state. */
export function useOpenRow() {
  const [open, setOpen] = useState<string | null>(null);
  return {
    row: (id: string) => ({ open: open === id, onToggle: () => setOpen(open === id ? null : id) }),
    close: () => setOpen(null),
  };
}

/**
 * A table row headed by `name`, whose last cell holds a small button that opens the row's form in a
 * full-width row under it; without `edit` (the user may not change it) the row only shows its cells.
 */
export function EditableRow({
  name,
  cells,
  open,
  onToggle,
  edit,
  colSpan,
  children,
}: {
  name: string;
  cells: ReactNode;
  open: boolean;
  onToggle: () => void;
  edit?: { label: string; write: string };
  colSpan: number;
  children: () => ReactNode;
}) {
  const { lang } = useI18n();
  return (
    <>
      <tr>
        <th scope="row">{name}</th>
        {cells}
        {edit && (
          <td>
            <button
              type="button"
              className="secondary small"
              aria-expanded={open}
              aria-label={`${name}${punct(lang).colon}${edit.label}`}
              onClick={onToggle}
              data-write={edit.write}
            >
              {edit.label}
            </button>
          </td>
        )}
      </tr>
      {open && (
        <tr>
          <td colSpan={colSpan}>{children()}</td>
        </tr>
      )}
    </>
  );
}
