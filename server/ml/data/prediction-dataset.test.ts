import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { cellOf, lineageText, predictionRows, toCsv, withoutGoldenRows, type PredictionLineage } from './prediction-dataset';
import { buildTable } from './table';

const golden = () => {
  const { header, rows } = parseCsv('x1,x2,region,y\n1.5,2,north,1\n-3,0.25,south,0\n');
  return buildTable(header, rows);
};

describe('rows from labelled predictions', () => {
  it('takes inputs by column name, the label as the target, the logged-only context where an input is absent', () => {
    const rows = predictionRows(['x1', 'x2', 'region', 'y'], 'y', [
      { inputs: { x1: 1.5, x2: 2, extra: 'ignored' }, context: { region: 'north' }, label: 1 },
      { inputs: { x1: -0.1, region: 'east' }, context: { region: 'south' }, label: 0 },
    ]);
    expect(rows).toEqual([
      ['1.5', '2', 'north', '1'],
      ['-0.1', null, 'east', '0'],
    ]);
  });

  it('writes cells without changing values: quotes only, no spreadsheet formula guard', () => {
    expect(cellOf(1e21)).toBe('1e+21');
    expect(cellOf(Number.NaN)).toBeNull();
    expect(cellOf(true)).toBe('true');
    expect(cellOf({ a: 1 })).toBe('{"a":1}');
    expect(toCsv(['a', 'b'], [['=1+2', 'x,"y"'], [null, '']])).toBe('a,b\n=1+2,"x,""y"""\n,""\n');
  });

  it('leaves golden-set rows out by row hash (1.50 is 1.5), keeps order, reports how many', () => {
    const header = ['x1', 'x2', 'region', 'y'];
    const rows = [['1.50', '2.0', 'north', '1'], ['0', '0', 'east', '1'], ['-3', '0.25', 'south', '0'], ['-3', '0.25', 'south', '1']];
    const r = withoutGoldenRows(header, rows, golden());
    expect(r.rows).toEqual([['0', '0', 'east', '1'], ['-3', '0.25', 'south', '1']]);
    expect(r.excluded).toEqual([true, false, true, false]);
    expect(r.report).toEqual({ checked: true, columns: ['x1', 'x2', 'region', 'y'], excluded: 2 });
  });

  it('says why the golden check could not run', () => {
    expect(withoutGoldenRows(['x1', 'y'], [['1', '0']], golden()).report).toEqual({ checked: false, reason: "the training columns lack the golden set's x2, region" });
    expect(withoutGoldenRows(['x1'], [['1']], null).report).toEqual({ checked: false, reason: 'no golden set' });
  });

  it('lineage text names model, versions, window and counts', () => {
    const l: PredictionLineage = {
      source: 'predictions',
      model: 'loans',
      versions: [1, 2],
      window: { from: '2026-11-23T00:00:00.000Z', to: '2026-11-30T00:00:00.000Z', days: 7 },
      routes: ['production', 'canary', 'explicit'],
      labelledRows: 812,
      appendedTo: { datasetVersionId: 'd', sha256: 'abcdef0123456789', rows: 2000 },
      golden: { checked: true, columns: ['x1'], excluded: 3, fromPredictions: 2, fromIncumbent: 1 },
    };
    expect(lineageText(l)).toBe("from predictions of model loans, versions v1, v2, window 2026-11-23T00:00:00.000Z – 2026-11-30T00:00:00.000Z (7 days, routes production/canary/explicit): 812 labelled rows, appended to the incumbent's training data (2000 rows, abcdef01); 3 golden-set row(s) left out");
  });
});
