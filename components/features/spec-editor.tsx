'use client';
// A feature spec edited as objects: a row per input (name, type, nullable) and per feature its
// transforms in order (add, remove, move, set parameters), validated as you type by the parser
// training uses; a JSON tab shows and edits the same spec. Invalid JSON there leaves the object
// view as it was and says why. The parent owns the draft (it sends it as the run's `spec`).
import { useState } from 'react';
import { featureName, type TransformSpec } from '@/server/ml/features/spec';
import { addFeature, addInput, addTransform, removeFeature, setFeatureName, setInputRange, fieldDomId, moveTransform, NUMERIC_OPS, numberField, numberListField, parseDraftJson, removeInput, removeTransform, setInput, setTransform, validateDraft, type DraftSpec, type TransformOp } from './spec-edit';

const control = 'rounded border border-slate-300 px-1.5 py-0.5 text-xs';
const small = 'rounded border border-slate-300 px-1.5 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-40';

interface Props {
  draft: DraftSpec;
  onChange: (d: DraftSpec) => void;
}

/** A number box keeping what was typed (the draft holds the number, or the text when it is not one). */
function Num({ label, value, onValue, id, describedBy }: { label: string; value: unknown; onValue: (v: number | string | undefined) => void; id: string; describedBy?: string }) {
  return (
    <label className="flex items-center gap-1">
      {label}
      <input id={id} aria-describedby={describedBy} aria-invalid={describedBy ? true : undefined} className={`${control} w-20`} value={value === undefined ? '' : String(value)} onChange={(e) => onValue(numberField(e.target.value))} placeholder="fitted" />
    </label>
  );
}

function TransformFields({ t, set, at, err }: { t: TransformSpec; set: (t: TransformSpec) => void; at: string; err: (f: string) => string | undefined }) {
  const T = t as Record<string, unknown>;
  const num = (key: string, label: string) => <Num key={key} label={label} id={fieldDomId(`${at}.${key}`)} describedBy={err(`${at}.${key}`)} value={T[key]} onValue={(v) => set({ ...t, [key]: v } as TransformSpec)} />;
  switch (t.op) {
    case 'impute':
      return (
        <>
          <label className="flex items-center gap-1">
            strategy
            <select className={control} value={t.strategy} onChange={(e) => set({ ...t, strategy: e.target.value as 'mean' })}>
              <option value="median">median</option>
              <option value="mean">mean</option>
              <option value="constant">constant</option>
            </select>
          </label>
          {t.strategy === 'constant' && num('value', 'value')}
        </>
      );
    case 'clip':
      return (
        <>
          {num('min', 'min')}
          {num('max', 'max')}
        </>
      );
    case 'standardize':
      return (
        <>
          {num('mean', 'mean')}
          {num('std', 'std')}
        </>
      );
    case 'bucketize':
      return (
        <>
          {num('n_buckets', 'buckets')}
          <label className="flex items-center gap-1">
            encoding
            <select className={control} value={t.encoding ?? 'one_hot'} onChange={(e) => set({ ...t, encoding: e.target.value as 'one_hot' | 'ordinal' })}>
              <option value="one_hot">one_hot</option>
              <option value="ordinal">ordinal</option>
            </select>
          </label>
          <label className="flex items-center gap-1">
            boundaries
            <input id={fieldDomId(`${at}.boundaries`)} aria-describedby={err(`${at}.boundaries`)} className={`${control} w-32`} placeholder="fitted, or 1, 2, 5" value={Array.isArray(t.boundaries) ? t.boundaries.join(', ') : ''} onChange={(e) => set({ ...t, boundaries: numberListField(e.target.value) as number[] | undefined })} />
          </label>
        </>
      );
    case 'one_hot':
      return num('max_categories', 'max categories');
    case 'log1p':
      return null;
  }
}

export function SpecEditor({ draft, onChange }: Props) {
  const [tab, setTab] = useState<'objects' | 'json'>('objects');
  const [jsonText, setJsonText] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [newInput, setNewInput] = useState('');
  const v = validateDraft(draft);
  const errorId = 'spec-error';
  // The control naming the error's field (or one of its parents) points at the message.
  const err = (field: string) => (!v.ok && (v.field === field || v.field.startsWith(`${field}.`) || v.field.startsWith(`${field}[`)) ? errorId : undefined);
  const inputNames = draft.inputs.map((i) => i.name);

  function showJson() {
    setJsonText(JSON.stringify(draft, null, 2));
    setJsonError(null);
    setTab('json');
  }

  return (
    <fieldset className="flex flex-col gap-2 rounded border border-slate-200 p-2 text-sm" aria-label="Feature spec">
      <legend className="px-1">Feature spec</legend>
      <div role="tablist" aria-label="Feature spec view" className="flex gap-1">
        <button type="button" role="tab" aria-selected={tab === 'objects'} onClick={() => setTab('objects')} className={small}>
          Inputs and transforms
        </button>
        <button type="button" role="tab" aria-selected={tab === 'json'} onClick={showJson} className={small}>
          JSON
        </button>
      </div>
      {tab === 'json' ? (
        <label className="flex flex-col gap-1">
          Feature spec JSON
          <textarea
            rows={12}
            className={`${control} font-mono`}
            value={jsonText}
            aria-describedby={jsonError ? 'spec-json-error' : v.ok ? undefined : errorId}
            onChange={(e) => {
              setJsonText(e.target.value);
              const p = parseDraftJson(e.target.value);
              setJsonError(p.ok ? null : p.message);
              if (p.ok) onChange(p.draft);
            }}
          />
          {jsonError && (
            <span id="spec-json-error" role="alert" className="text-xs text-red-700">
              JSON: {jsonError} (the inputs and transforms keep their last valid state)
            </span>
          )}
        </label>
      ) : (
        <>
          <table className="text-left text-xs">
            <caption className="sr-only">Inputs</caption>
            <thead className="text-slate-600">
              <tr>
                <th scope="col">Input</th>
                <th scope="col">Type</th>
                <th scope="col">Nullable</th>
                <th scope="col">Allowed range (checked when scoring)</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {draft.inputs.map((inp, ii) => (
                <tr key={ii}>
                  <td>
                    <input aria-label={`Input ${ii + 1} name`} id={fieldDomId(`inputs[${ii}].name`)} aria-describedby={err(`inputs[${ii}]`)} className={`${control} font-mono`} value={inp.name} onChange={(e) => onChange(setInput(draft, ii, { name: e.target.value }))} />
                  </td>
                  <td>
                    <select aria-label={`${inp.name} type`} className={control} value={inp.type} onChange={(e) => onChange(setInput(draft, ii, { type: e.target.value as 'numeric' }))}>
                      <option value="numeric">numeric</option>
                      <option value="categorical">categorical</option>
                    </select>
                  </td>
                  <td>
                    <input type="checkbox" aria-label={`${inp.name} nullable`} checked={inp.nullable} onChange={(e) => onChange(setInput(draft, ii, { nullable: e.target.checked }))} />
                  </td>
                  <td>
                    {inp.type === 'numeric' && (
                      <span className="flex gap-1">
                        {(['min', 'max'] as const).map((k) => (
                          <input
                            key={k}
                            aria-label={`${inp.name} range ${k}`}
                            id={fieldDomId(`inputs[${ii}].range.${k}`)}
                            aria-describedby={err(`inputs[${ii}].range`)}
                            placeholder={k}
                            className={`${control} w-16`}
                            value={inp.range?.[k] === undefined ? '' : String(inp.range[k])}
                            onChange={(e) => onChange(setInputRange(draft, ii, k, numberField(e.target.value)))}
                          />
                        ))}
                      </span>
                    )}
                  </td>
                  <td>
                    <button type="button" className={small} aria-label={`Remove input ${inp.name}`} onClick={() => onChange(removeInput(draft, ii))}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="flex items-center gap-1 text-xs">
            <input aria-label="New input name" className={`${control} font-mono`} value={newInput} onChange={(e) => setNewInput(e.target.value)} placeholder="column name" />
            <button
              type="button"
              className={small}
              disabled={!newInput.trim()}
              onClick={() => {
                onChange(addInput(draft, newInput.trim()));
                setNewInput('');
              }}
            >
              Add input
            </button>
          </div>
          <ol className="flex flex-col gap-2">
            {draft.features.map((f, fi) => {
              const at = `features[${fi}]`;
              const categorical = draft.inputs.find((i) => i.name === f.input)?.type === 'categorical';
              return (
                <li key={fi} className="rounded border border-slate-100 p-1.5" aria-label={`Feature ${f.input}`} role="group">
                  <div className="flex flex-wrap items-center gap-2 text-xs">
                    <span className="font-mono">{f.input}</span>
                    {!inputNames.includes(f.input) && <span className="text-red-700">(no such input)</span>}
                    <label className="flex items-center gap-1">
                      output name
                      <input id={fieldDomId(`${at}.name`)} aria-describedby={err(`${at}.name`)} className={`${control} font-mono`} value={f.name ?? ''} placeholder={featureName({ ...f, name: undefined })} onChange={(e) => onChange(setFeatureName(draft, fi, e.target.value))} />
                    </label>
                    <button type="button" className={small} aria-label={`Remove feature ${fi + 1} (${f.input})`} onClick={() => onChange(removeFeature(draft, fi))}>
                      Remove feature
                    </button>
                  </div>
                  <ol className="ml-3 flex flex-col gap-1">
                    {f.transforms.map((t, ti) => {
                      const tAt = `${at}.transforms[${ti}]`;
                      return (
                        <li key={ti} id={fieldDomId(tAt)} aria-describedby={err(tAt)} className="flex flex-wrap items-center gap-2 text-xs" aria-label={`${f.input} transform ${ti + 1}: ${t.op}`}>
                          <span className="w-20 font-mono">{t.op}</span>
                          <TransformFields t={t} at={tAt} err={err} set={(nt) => onChange(setTransform(draft, fi, ti, nt))} />
                          <button type="button" className={small} aria-label={`Move ${f.input} ${t.op} up`} disabled={ti === 0} onClick={() => onChange(moveTransform(draft, fi, ti, -1))}>
                            ↑
                          </button>
                          <button type="button" className={small} aria-label={`Move ${f.input} ${t.op} down`} disabled={ti === f.transforms.length - 1} onClick={() => onChange(moveTransform(draft, fi, ti, 1))}>
                            ↓
                          </button>
                          <button type="button" className={small} aria-label={`Remove ${f.input} ${t.op}`} onClick={() => onChange(removeTransform(draft, fi, ti))}>
                            Remove
                          </button>
                        </li>
                      );
                    })}
                  </ol>
                  {!categorical && (
                    <label className="ml-3 mt-1 flex items-center gap-1 text-xs">
                      Add transform to {f.input}
                      <select
                        className={control}
                        value=""
                        onChange={(e) => {
                          if (e.target.value) onChange(addTransform(draft, fi, e.target.value as TransformOp));
                        }}
                      >
                        <option value="">…</option>
                        {NUMERIC_OPS.map((op) => (
                          <option key={op} value={op}>
                            {op}
                          </option>
                        ))}
                      </select>
                    </label>
                  )}
                </li>
              );
            })}
          </ol>
          <label className="flex items-center gap-1 text-xs">
            Add a feature from input
            <select className={control} value="" onChange={(e) => e.target.value && onChange(addFeature(draft, e.target.value))}>
              <option value="">…</option>
              {inputNames.map((n, i) => (
                <option key={i} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      {v.ok ? (
        <p className="text-xs text-green-700" data-testid="spec-valid">
          Valid: {draft.inputs.length} inputs, {draft.features.length} features. Statistics left blank are fitted on the training rows.
        </p>
      ) : (
        <p id={errorId} role="alert" className="rounded bg-red-50 px-2 py-1 text-xs text-red-700">
          <strong>{v.field}: </strong>
          {v.message}
        </p>
      )}
    </fieldset>
  );
}
