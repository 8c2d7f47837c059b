import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface Column<T> {
  key: string;
  label: string;
  /** The API's sort key, when the column can sort. */
  sort?: string;
  className?: string;
  render: (row: T) => ReactNode;
}

export interface SortState {
  sort: string;
  dir: 'asc' | 'desc';
}

/** A queue table: sortable headings (aria-sort), rows that open their detail page. */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  sort,
  onSort,
  onOpen,
  testId,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  sort?: SortState;
  onSort?: (next: SortState) => void;
  onOpen?: (row: T) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  if (rows.length === 0) return <p className="empty">{t('list.empty')}</p>;
  return (
    <div className="scroll-x">
      <table className="grid" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort && c.sort === sort.sort;
              return (
                <th key={c.key} className={c.className} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                  {c.sort && onSort ? (
                    <button type="button" className="sort-button" title={t('list.sortHint')} onClick={() => onSort({ sort: c.sort!, dir: active && sort.dir === 'desc' ? 'asc' : 'desc' })}>
                      {c.label} {active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={rowKey(row)}
              className={onOpen ? 'clickable' : undefined}
              onClick={
                onOpen
                  ? (e) => {
                      if ((e.target as HTMLElement).closest('button, a, input, select, textarea')) return;
                      onOpen(row);
                    }
                  : undefined
              }
            >
              {columns.map((c) => (
                <td key={c.key} className={c.className}>
                  {c.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Pager({ total, offset, limit, onOffset }: { total: number; offset: number; limit: number; onOffset: (n: number) => void }) {
  const { t } = useTranslation();
  const totalText = t('list.total', { count: total.toLocaleString('ko-KR') as unknown as number });
  if (total <= limit)
    return (
      <p className="muted" data-testid="list-total">
        {totalText}
      </p>
    );
  return (
    <div className="pager" data-testid="list-total">
      <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>
        {t('list.prev')}
      </button>
      <span>{t('list.page', { from: offset + 1, to: Math.min(total, offset + limit), total: totalText })}</span>
      <button type="button" disabled={offset + limit >= total} onClick={() => onOffset(offset + limit)}>
        {t('list.next')}
      </button>
    </div>
  );
}

export function ErrorBanner({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error-banner" role="alert">
      {error instanceof Error ? error.message : '알 수 없는 오류입니다. 화면을 새로 고치세요.'}
    </p>
  );
}
