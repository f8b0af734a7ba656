/**
 * How a bench measurement inside the extension host hands its figure to scripts/bench.sh:
 * one marker line on the host's console, which the payload runner collects. Pure (no vscode
 * import), so it loads in the extension host and in Node alike.
 */
export interface BenchFigure {
  /** Stable key in bench/results.json, e.g. 'pickerOpen5000'. */
  name: string;
  /** What a reader sees, e.g. 'picker open, 5,000 models'; default: `name`. */
  label?: string;
  value: number;
  unit: 'ms' | 'bytes';
  /** The budget; bench.ts prints ratio = value / target, so below 1 is within budget. */
  target: number;
  /** Optional comparison point measured in the same run (e.g. a bare QuickPick), same unit. */
  peer?: number;
}

export const benchMarker = '[switchboard-bench] ';

/** Call from a *.bench.ts test once per figure. */
export function reportBench(figure: BenchFigure): void {
  console.log(benchMarker + JSON.stringify(figure));
}

export function parseBenchFigures(lines: readonly string[]): BenchFigure[] {
  const figures: BenchFigure[] = [];
  for (const line of lines) {
    const at = line.indexOf(benchMarker);
    if (at < 0) continue;
    try {
      figures.push(JSON.parse(line.slice(at + benchMarker.length)) as BenchFigure);
    } catch {
      // A mangled line is no figure.
    }
  }
  return figures;
}
