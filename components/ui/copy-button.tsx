'use client';
import { useState } from 'react';

/** Copies `text` to the clipboard; the button's name says what it copies. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      // Clipboard access needs a secure context and permission; say so rather than pretend.
      setCopied('failed');
    }
    setTimeout(() => setCopied(null), 2000);
  }
  return (
    <button type="button" onClick={() => void copy()} aria-label={label} className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100">
      {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}
