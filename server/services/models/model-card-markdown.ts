// The generated model card as Markdown: facts Vigil recorded (lineage, signature, metrics, the
// latest golden-set evaluation with its gates and fairness) around the team's own text (intended
// use, limitations). Pure, so the exact output is unit-tested.
import type { BinaryMetrics } from '@/server/ml/metrics/binary';
import { CARD_FIELDS, type CardFields } from './card-fields';

export interface CardFairness {
  reference_group: string;
  demographic_parity_difference: number;
  demographic_parity_ratio: number | null;
  equalized_odds_difference: number | null;
  equal_opportunity_difference: number | null;
  groups: { group: string; n: number; selection_rate: number; tpr: number | null; fpr: number | null; auc: number | null; parity_ok: boolean }[];
}

export interface ModelCardData {
  model: { name: string; description: string | null };
  version: { version: number; source: 'run' | 'upload'; createdAt: string; createdBy: string | null; artifactSha256: string; artifactSize: number; tags: string[] };
  /** The team's intended-use fields (Markdown, edited on the version page). */
  cardFields: CardFields;
  /** The team's free-form card text (Markdown), shown as notes. */
  card: string;
  /** Aliases that point at this version now. */
  aliases: string[];
  inputs: { name: string; type: string; nullable: boolean | null }[];
  lineage: {
    run: { id: string; name: string; experiment: string; trainer: string; trainerVersion: string | null; seed: number; target: string; params: Record<string, unknown>; source?: 'builtin' | 'external'; codeVersion?: string | null } | null;
    datasetVersion: { dataset: string; sha256: string; rows: number } | null;
    featureSpecSha256: string | null;
  };
  metrics: { training: BinaryMetrics | null; validation: BinaryMetrics | null } | null;
  evaluation: {
    finishedAt: string | null;
    goldenDataset: { dataset: string; sha256: string } | null;
    rows: number;
    verdict: string | null;
    metrics: BinaryMetrics;
    incumbentVersion: number | null;
    gates: { gate: string; status: string; detail: string }[];
    fairness: Record<string, CardFairness>;
    /** Absent for binary; multiclass and regression evaluations carry their own metrics and fairness shapes (server/ml/promotion/evaluation-summary.ts). */
    task?: 'multiclass' | 'regression';
  } | null;
  generatedAt: string;
}

/** A table cell: one line, pipes escaped. */
export function cell(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  const s = typeof v === 'number' ? fmt(v) : String(v);
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n|\r/g, ' ');
}

/** Inline text outside tables: one line, Markdown's emphasis and link characters escaped. */
function inline(v: string): string {
  return v.replace(/\r?\n|\r/g, ' ').replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (Number.isInteger(v)) return String(v);
  return Number(v.toPrecision(4)).toString();
}

const METRIC_ROWS: [keyof BinaryMetrics, string][] = [
  ['n', 'Rows'],
  ['auc', 'ROC AUC'],
  ['log_loss', 'Log loss'],
  ['brier', 'Brier score'],
  ['accuracy', 'Accuracy'],
  ['precision', 'Precision'],
  ['recall', 'Recall'],
  ['positive_rate', 'Positive rate'],
];

function table(head: string[], rows: unknown[][]): string[] {
  return [`| ${head.map(cell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

type TaskFairness = { classes?: string[]; accuracy_gap?: number; max_selection_rate_gap?: { class: string; gap: number }; gaps?: { mae: number; rmse: number; mean_residual: number }; groups: Record<string, unknown>[] };

/** A multiclass (accuracy, selection rate per class) or regression (errors) group report and its gaps. */
function taskFairness(task: 'multiclass' | 'regression', f: TaskFairness): string[] {
  if (task === 'multiclass') {
    const classes = f.classes ?? [];
    return [
      `Accuracy gap between groups ${fmt(f.accuracy_gap)}; largest selection-rate gap ${fmt(f.max_selection_rate_gap?.gap)} (class \`${(f.max_selection_rate_gap?.class ?? '').replace(/`/g, "'")}\`).`,
      '',
      ...table(['Group', 'Rows', 'Accuracy', ...classes.map((c) => `Predicted ${c}`)], f.groups.map((g) => [g.group, g.n, g.accuracy, ...classes.map((c) => (g.selection_rates as Record<string, number> | undefined)?.[c])])),
    ];
  }
  return [
    `Gaps between groups (largest − smallest): MAE ${fmt(f.gaps?.mae)}, RMSE ${fmt(f.gaps?.rmse)}, mean residual ${fmt(f.gaps?.mean_residual)}.`,
    '',
    ...table(['Group', 'Rows', 'MAE', 'RMSE', 'Mean residual', 'R²'], f.groups.map((g) => [g.group, g.n, g.mae, g.rmse, g.mean_residual, g.r2])),
  ];
}

export function modelCardMarkdown(d: ModelCardData): string {
  const out: string[] = [];
  const title = `${d.model.name} v${d.version.version}`;
  out.push(`# Model card: ${inline(title)}`, '');
  out.push(`_Generated by Vigil on ${d.generatedAt} from the registry, lineage and evaluation records. The intended-use section is written by the team._`, '');
  if (d.model.description) out.push(inline(d.model.description), '');

  out.push('## Model details', '');
  out.push(
    ...table(
      ['Field', 'Value'],
      [
        ['Model', d.model.name],
        ['Version', d.version.version],
        ['Source', d.version.source === 'upload' ? 'uploaded ONNX' : d.lineage.run?.source === 'external' ? `trained outside Vigil (tracked run${d.lineage.run.codeVersion ? `, code ${d.lineage.run.codeVersion}` : ''})` : 'trained in Vigil'],
        ['Registered', d.version.createdAt],
        ['Registered by', d.version.createdBy],
        ['Artifact SHA-256', d.version.artifactSha256],
        ['Artifact size (bytes)', d.version.artifactSize],
        ['Tags', d.version.tags.length ? d.version.tags.join(', ') : null],
        ['Serving now', d.aliases.length ? d.aliases.join(', ') : 'not behind any alias'],
      ],
    ),
    '',
  );

  out.push('## Intended use and limitations', '');
  let written = 0;
  for (const f of CARD_FIELDS) {
    const text = d.cardFields[f.key]?.trim();
    if (!text) continue;
    out.push(`### ${f.label}`, '', text, '');
    written++;
  }
  if (d.card.trim()) {
    out.push(...(written ? ['### Notes', ''] : []), d.card.trim(), '');
    written++;
  }
  if (!written) out.push('_Not written yet. Fill in the intended-use fields on the version page: intended use, out-of-scope uses, limitations, ethical considerations._', '');

  out.push('## Inputs', '');
  out.push(...(d.inputs.length ? table(['Input', 'Type', 'Nullable'], d.inputs.map((i) => [i.name, i.type, i.nullable === null ? null : i.nullable ? 'yes' : 'no'])) : ['_The model takes one numeric matrix; no named inputs._']), '');

  out.push('## Training data and lineage', '');
  const { run, datasetVersion, featureSpecSha256 } = d.lineage;
  if (!run) {
    out.push('_Uploaded artifact: trained outside Vigil, so no training run or dataset is recorded._', '');
  } else {
    out.push(
      ...table(
        ['Field', 'Value'],
        [
          ['Dataset version', datasetVersion ? `${datasetVersion.dataset}@${datasetVersion.sha256}` : null],
          ['Training rows', datasetVersion?.rows],
          ['Target', run.target],
          ['Feature spec SHA-256', featureSpecSha256],
          ['Experiment', run.experiment],
          ['Run', `${run.name} (${run.id})`],
          ['Trainer', `${run.trainer}${run.trainerVersion ? ` ${run.trainerVersion}` : ''}`],
          ['Seed', run.seed],
          ['Parameters', Object.keys(run.params).length ? JSON.stringify(run.params) : null],
        ],
      ),
      '',
    );
  }

  out.push('## Metrics at training time', '');
  if (!d.metrics || (!d.metrics.training && !d.metrics.validation)) {
    out.push('_None recorded (uploaded versions are measured by an evaluation on the golden set)._', '');
  } else {
    const { training, validation } = d.metrics;
    out.push(...table(['Metric', 'Training', 'Validation'], METRIC_ROWS.map(([k, label]) => [label, training?.[k] as number | null, validation?.[k] as number | null])), '');
  }

  out.push('## Evaluation on the golden set', '');
  const ev = d.evaluation;
  if (!ev) {
    out.push('_No succeeded evaluation yet. Set a golden set for the model and evaluate this version (Promotions)._', '');
    out.push('## Fairness', '', '_Measured on the golden set with the sensitive attributes of the model policy: no succeeded evaluation yet._', '');
  } else {
    out.push(
      `Latest succeeded evaluation${ev.finishedAt ? ` (${ev.finishedAt})` : ''} on ${ev.goldenDataset ? `\`${ev.goldenDataset.dataset}@${ev.goldenDataset.sha256.slice(0, 12)}\`` : 'the golden set'}, ${ev.rows} rows${ev.incumbentVersion !== null ? `, compared with v${ev.incumbentVersion}` : ''}. Verdict: **${ev.verdict ?? 'pending'}**.`,
      '',
    );
    if (ev.task) out.push(...table(['Metric', 'Value'], Object.entries(ev.metrics as unknown as Record<string, unknown>).filter(([, v]) => typeof v === 'number' || v === null)), '');
    else out.push(...table(['Metric', 'Value'], METRIC_ROWS.map(([k, label]) => [label, ev.metrics[k] as number | null])), '');
    if (ev.gates.length) out.push('### Gates', '', ...table(['Gate', 'Status', 'Detail'], ev.gates.map((g) => [g.gate, g.status, g.detail])), '');

    out.push('## Fairness', '');
    const attrs = Object.keys(ev.fairness).sort();
    if (attrs.length === 0) out.push('_No sensitive attribute is configured for this model, so no fairness report was computed._', '');
    for (const attr of attrs) {
      if (ev.task) {
        out.push(`### ${inline(attr)}`, '', ...taskFairness(ev.task, ev.fairness[attr] as unknown as TaskFairness), '');
        continue;
      }
      const f = ev.fairness[attr];
      out.push(`### ${inline(attr)}`, '');
      out.push(
        `Reference group \`${f.reference_group.replace(/`/g, "'")}\`. Demographic parity difference ${fmt(f.demographic_parity_difference)}, ratio ${fmt(f.demographic_parity_ratio)}; equalized odds difference ${fmt(f.equalized_odds_difference)}; equal opportunity difference ${fmt(f.equal_opportunity_difference)}.`,
        '',
      );
      out.push(...table(['Group', 'Rows', 'Selection rate', 'TPR', 'FPR', 'AUC', 'Within parity'], f.groups.map((g) => [g.group, g.n, g.selection_rate, g.tpr, g.fpr, g.auc, g.parity_ok ? 'yes' : 'no'])), '');
    }
  }
  return out.join('\n');
}
