// Input checks shared by the metric functions: labels in {0, 1}, scores finite probabilities.

export function checkBinaryInputs(y: ArrayLike<number>, score: ArrayLike<number>): void {
  if (y.length !== score.length) {
    throw new Error(`labels and scores differ in length (${y.length} vs ${score.length})`);
  }
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new Error(`label at index ${i} is ${y[i]}, not 0 or 1`);
    const s = score[i];
    if (!(s >= 0 && s <= 1)) throw new Error(`score at index ${i} is ${s}, not a probability in [0, 1]`);
  }
}
