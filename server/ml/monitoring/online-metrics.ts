// Online performance of multiclass and regression versions from labelled predictions (binary uses
// binaryMetrics on the label and the score). A feedback row keeps, per task:
//   regression  label = the observed value, score = the predicted value
//   multiclass  label = the true class's index, predicted_class = the predicted class's index
// Definitions as scikit-learn's: RMSE = √mean((y − ŷ)²), MAE = mean|y − ŷ|; accuracy = share of
// rows predicted right; macro-F1 = the mean F1 over the classes that occur as a label or a
// prediction in the window (f1_score(average='macro', zero_division=0)).

export interface OnlineRegressionMetrics {
  n: number;
  rmse: number;
  mae: number;
  mean_label: number;
  mean_prediction: number;
}

export interface OnlineMulticlassMetrics {
  n: number;
  accuracy: number;
  macro_f1: number;
  /** Per class name, rows labelled with it and rows predicted as it. */
  per_class: { class: string; labelled: number; predicted: number; f1: number | null }[];
}

export function onlineRegression(y: readonly number[], prediction: readonly number[]): OnlineRegressionMetrics {
  const n = y.length;
  if (!n || prediction.length !== n) throw new Error('online regression metrics need as many predictions as labels, at least one');
  let sq = 0;
  let abs = 0;
  let sy = 0;
  let sp = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i] - prediction[i];
    sq += r * r;
    abs += Math.abs(r);
    sy += y[i];
    sp += prediction[i];
  }
  return { n, rmse: Math.sqrt(sq / n), mae: abs / n, mean_label: sy / n, mean_prediction: sp / n };
}

export function onlineMulticlass(y: readonly number[], predicted: readonly number[], classes: readonly string[]): OnlineMulticlassMetrics {
  const n = y.length;
  if (!n || predicted.length !== n) throw new Error('online multiclass metrics need as many predictions as labels, at least one');
  const k = classes.length;
  const tp = new Array<number>(k).fill(0);
  const labelled = new Array<number>(k).fill(0);
  const pred = new Array<number>(k).fill(0);
  let right = 0;
  for (let i = 0; i < n; i++) {
    labelled[y[i]]++;
    pred[predicted[i]]++;
    if (y[i] === predicted[i]) {
      tp[y[i]]++;
      right++;
    }
  }
  let f1Sum = 0;
  let present = 0;
  const perClass = classes.map((c, j) => {
    if (!labelled[j] && !pred[j]) return { class: c, labelled: 0, predicted: 0, f1: null };
    // F1 = 2·TP / (labelled + predicted): 0 when the class is never predicted right.
    const f1 = (2 * tp[j]) / (labelled[j] + pred[j]);
    f1Sum += f1;
    present++;
    return { class: c, labelled: labelled[j], predicted: pred[j], f1 };
  });
  return { n, accuracy: right / n, macro_f1: present ? f1Sum / present : 0, per_class: perClass };
}
