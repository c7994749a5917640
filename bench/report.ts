/** Number formatting shared by the benchmark printouts. */
export function fmt(n: number, digits = 1): string {
  return n.toFixed(digits).padStart(9);
}

/** "0.52×": a figure relative to its baseline. */
export function ratio(value: number, baseline: number): string {
  return `${(value / baseline).toFixed(2)}×`.padStart(7);
}
