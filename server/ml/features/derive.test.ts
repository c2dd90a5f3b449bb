// The derived feature spec leaves out identifiers, high-cardinality categoricals, empty columns
// and declared sensitive attributes, each with its reason; an explicit column choice wins.
import { describe, expect, it } from 'vitest';
import { binaryLabelProblem, columnFlag, summaryFromColumn, summaryFromProfile } from '../data/column-roles';
import { profileNumeric, profileTable } from '../data/profile';
import { buildTable } from '../data/table';
import { deriveSpecReport, specForFields } from './derive';
import { parseFeatureSpec } from './spec';

// 200 rows shaped like the demo's loan data: an applicant id, a running number, a zip code with
// more distinct values than half the rows, a continuous income (every value distinct: a feature),
// a region, gender (sensitive), a column with no value, and the 0/1 target.
const n = 200;
const header = ['applicant_id', 'row_no', 'zip', 'income', 'region', 'gender', 'notes', 'defaulted'];
const rows = Array.from({ length: n }, (_, i) => [
  `A${String(100000 + i * 7)}`,
  String(i + 1),
  `Z${(i * 13) % 150}`,
  String(20000 + i * 137.25),
  ['NORTH', 'SOUTH', 'EAST', 'WEST'][i % 4],
  i % 2 ? 'F' : 'M',
  null,
  String(i % 3 === 0 ? 1 : 0),
]);
const table = buildTable(header, rows);

describe('deriveSpecReport', () => {
  it('keeps real features and leaves out ids, high cardinality, empty and sensitive columns, saying why', () => {
    const r = deriveSpecReport(table, 'defaulted', { exclude: ['gender'] });
    expect(r.spec.inputs.map((i) => i.name)).toEqual(['income', 'region']);
    expect(r.skipped).toEqual([
      { column: 'applicant_id', reason: 'an identifier: all 200 values are distinct' },
      { column: 'row_no', reason: 'an identifier: all 200 values are distinct' },
      { column: 'zip', reason: 'high cardinality: 150 distinct values in 200' },
      { column: 'gender', reason: 'declared sensitive attribute' },
      { column: 'notes', reason: 'no values' },
    ]);
    expect(parseFeatureSpec(r.spec)).toEqual(r.spec);
  });

  it('uses exactly the chosen columns when given, sensitive or flagged, never an empty one', () => {
    const r = deriveSpecReport(table, 'defaulted', { include: ['zip', 'gender', 'income', 'notes'], exclude: ['gender'] });
    expect(r.spec.inputs.map((i) => i.name)).toEqual(['zip', 'income', 'gender']);
    expect(r.skipped).toEqual([{ column: 'notes', reason: 'no values' }]);
    expect(() => deriveSpecReport(table, 'defaulted', { include: ['nope'] })).toThrow(/no column 'nope' in the data/);
  });

  it('says what it left out when nothing usable remains', () => {
    expect(() => deriveSpecReport(table, 'defaulted', { include: ['notes'] })).toThrow(/no usable feature columns besides the target 'defaulted' \(left out: notes: no values\)/);
  });

  it('builds the same spec from schema fields as from the table', () => {
    const r = deriveSpecReport(table, 'defaulted', { include: ['income', 'region'] });
    expect(specForFields([{ name: 'income', type: 'numeric', nullable: false }, { name: 'region', type: 'categorical', nullable: false }])).toEqual(r.spec);
  });
});

describe('column flags and binary labels, from a table and from its stored profile alike', () => {
  it('agree between the table and the profile', () => {
    const profiles = profileTable(table);
    for (const col of table.columns) {
      const p = profiles.find((x) => x.name === col.name)!;
      expect(columnFlag(summaryFromProfile(p)), col.name).toEqual(columnFlag(summaryFromColumn(col)));
      expect(binaryLabelProblem(summaryFromProfile(p)), col.name).toEqual(binaryLabelProblem(summaryFromColumn(col)));
    }
  });

  it('accepts only columns of 0 and 1 as labels, naming the problem', () => {
    const label = (values: number[]) => binaryLabelProblem(summaryFromProfile(profileNumeric('y', Float64Array.from(values))));
    expect(label([0, 1, 1, 0])).toBeNull();
    expect(label([0, 1, 2])).toBe("'y' is not binary (values from 0 to 2, 3 distinct); a label must hold only 0 and 1");
    expect(label([0, 0.5, 1])).toBe("'y' is not binary (values from 0 to 1, 3 distinct); a label must hold only 0 and 1");
    expect(label([1, 1])).toBe("'y' holds only 1; a label needs both 0 and 1");
    expect(label([NaN])).toBe("'y' has no values");
    expect(binaryLabelProblem(summaryFromColumn(table.columns[4]))).toBe("'region' is categorical; a label must hold the numbers 0 and 1");
    // A profile stored before `distinct` existed: judged by its range only.
    const { distinct: _d, ...old } = profileNumeric('y', Float64Array.from([0, 1]));
    expect(binaryLabelProblem(summaryFromProfile(old))).toBeNull();
  });

  it('does not call a small table or a continuous numeric column an identifier', () => {
    expect(columnFlag(summaryFromColumn(buildTable(['id'], [['a'], ['b'], ['c']]).columns[0]))).toBeNull();
    expect(columnFlag(summaryFromColumn(table.columns[3]))).toBeNull();
    const customerId = buildTable(['customer_id'], Array.from({ length: 30 }, (_, i) => [String(i * 17 + 3)]));
    expect(columnFlag(summaryFromColumn(customerId.columns[0]))?.kind).toBe('id_like');
  });
});
