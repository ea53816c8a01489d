// The compared runs' variables and model settings, one table each: a row per name, a column per run,
// and a row that differs between runs marked (highlighted, and "differs" in words).
import type { Run } from '@sync/model';
import { settingRows, variableRows, type CompareRow } from './settings-rows';

export function CompareTables({ runs, modelNames }: { runs: Run[]; modelNames: string[] }) {
  const variables = variableRows(runs);
  const settings = settingRows(runs, modelNames);
  const differing = [...variables, ...settings].filter((r) => r.differs).length;
  return (
    <details className="border-b border-slate-200 px-2 py-1 text-sm sm:px-4">
      <summary className="min-h-11 cursor-pointer content-center font-medium">
        Variables and model settings{differing > 0 ? ` (${differing} ${differing === 1 ? 'difference' : 'differences'})` : ' (the same)'}
      </summary>
      <div className="flex max-h-[40dvh] flex-col gap-3 overflow-auto pb-2">
        <Table caption="Variables" runs={runs} rows={variables} empty="These runs used no variables." />
        <Table caption="Model settings" runs={runs} rows={settings} />
      </div>
    </details>
  );
}

function Table({ caption, runs, rows, empty }: { caption: string; runs: Run[]; rows: CompareRow[]; empty?: string }) {
  return (
    <table className="w-full table-fixed text-left">
      <caption className="pb-1 text-left font-semibold">{caption}</caption>
      <thead>
        <tr>
          <td className="w-32" />
          {runs.map((r, i) => (
            <th key={r.id} scope="col" className="truncate px-2 font-medium text-slate-700">
              Run {i + 1}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={runs.length + 1} className="text-slate-700">{empty ?? 'None'}</td>
          </tr>
        ) : (
          rows.map((row) => (
            <tr key={row.name} className={`border-t border-slate-100 align-top ${row.differs ? 'bg-amber-50' : ''}`}>
              <th scope="row" className="py-1 pr-2 font-medium text-slate-800">
                {row.name}
                {row.differs ? <> <span className="text-xs font-normal text-amber-900">(differs)</span></> : null}
              </th>
              {row.values.map((v, i) => (
                <td key={i} className="break-words px-2 py-1 whitespace-pre-wrap">{v}</td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
