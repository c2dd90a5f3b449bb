'use client';
// Number boxes for a trainer's numeric params, pre-filled with its defaults. Rendered with a
// `key` of the trainer name by the form, so switching trainer resets them to the new defaults.
import { numericDefaults } from './new-run-request';

export function TrainerParamsFields({ defaults }: { defaults: Record<string, unknown> }) {
  const fields = numericDefaults(defaults);
  return (
    <fieldset className="flex flex-col gap-2 rounded border border-slate-200 p-3">
      <legend className="px-1 text-sm font-medium">Params</legend>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {fields.map(([key, value]) => (
          <label key={key} className="flex flex-col gap-1 text-sm">
            <span className="font-mono">{key}</span>
            <input name={`param:${key}`} defaultValue={String(value)} inputMode="decimal" className="rounded border border-slate-300 px-2 py-1 font-mono" />
          </label>
        ))}
      </div>
      <label className="flex flex-col gap-1 text-sm">
        Advanced params (JSON object, overrides the boxes above)
        <textarea name="advancedJson" rows={2} placeholder='{"subsample": 0.8}' className="rounded border border-slate-300 px-2 py-1 font-mono text-xs" />
      </label>
    </fieldset>
  );
}
