'use client';
import type { ReactNode } from 'react';
import { CopyButton } from '@/components/ui/copy-button';

/**
 * The amber panel that shows a freshly created secret (token, key, signing secret) exactly once:
 * the server keeps only a hash, so the user must copy it before dismissing the panel.
 * `children` go between the secret and the dismiss button (usage hints).
 */
export function ShownOnceSecret({
  testId,
  message,
  inputLabel,
  value,
  copyLabel,
  inputWidthClass = 'w-[36rem]',
  onDismiss,
  children,
}: {
  testId: string;
  message: ReactNode;
  inputLabel: string;
  value: string;
  copyLabel: string;
  inputWidthClass?: string;
  onDismiss: () => void;
  children?: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-2 rounded border border-amber-300 bg-amber-50 p-4 text-sm" data-testid={testId}>
      <p role="status" className="font-medium text-amber-900">
        {message}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-2">
          {inputLabel}
          <input readOnly value={value} onFocus={(e) => e.currentTarget.select()} className={`${inputWidthClass} max-w-full rounded border border-slate-300 bg-white px-2 py-1 font-mono`} />
        </label>
        <CopyButton text={value} label={copyLabel} />
      </div>
      {children}
      <div>
        <button type="button" onClick={onDismiss} className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100">
          I have copied it
        </button>
      </div>
    </div>
  );
}
