// A feedback label checked against the task of the version that made the prediction:
//   binary      0 or 1
//   regression  any finite number (the observed value)
//   multiclass  one of the version's class names; stored as its index (label) and its name
// The prediction's own class (multiclass) becomes predicted_class, so online accuracy and
// macro-F1 need only the feedback table.
export interface VersionLabels {
  task: 'binary' | 'multiclass' | 'regression';
  classes: string[];
}

export interface CheckedLabel {
  label: number;
  labelClass: string | null;
  predictedClass: number | null;
}

/** The stored form of `label`, or the reason it is refused (without the field name). */
export function checkLabel(v: VersionLabels, label: number | string, predictedLabel: string | null): CheckedLabel | string {
  if (v.task === 'multiclass') {
    if (typeof label !== 'string') return `must be a class name of this version (one of ${v.classes.slice(0, 20).join(', ')}); got ${JSON.stringify(label)}`;
    const k = v.classes.indexOf(label);
    if (k < 0) return `'${label.slice(0, 100)}' is not a class of this version (one of ${v.classes.slice(0, 20).join(', ')})`;
    const p = predictedLabel === null ? -1 : v.classes.indexOf(predictedLabel);
    return { label: k, labelClass: label, predictedClass: p < 0 ? null : p };
  }
  if (typeof label !== 'number' || !Number.isFinite(label)) return `must be ${v.task === 'binary' ? '0 or 1' : 'a finite number'} for a ${v.task} model; got ${JSON.stringify(label).slice(0, 100)}`;
  if (v.task === 'binary' && label !== 0 && label !== 1) return `must be 0 or 1 for a binary model; got ${label}`;
  return { label, labelClass: null, predictedClass: null };
}
