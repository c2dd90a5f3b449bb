import { describe, expect, it } from 'vitest';
import type { LineageGraph, LineageNode } from '@/server/services/lineage/get-lineage';
import { lineageChain } from './lineage-chain';

const node = (id: string, kind: LineageNode['kind']): LineageNode => ({ id, kind, label: id, detail: {}, href: null });

// The shape get-lineage.ts returns for a version registered from a run (nodes in its order).
const fromRun: LineageGraph = {
  nodes: [node('ds', 'dataset'), node('dv', 'dataset_version'), node('fs', 'feature_spec'), node('exp', 'experiment'), node('run', 'run'), node('mv', 'model_version')],
  edges: [
    { from: 'ds', to: 'dv', label: 'version' },
    { from: 'dv', to: 'fs', label: 'fitted on' },
    { from: 'fs', to: 'run', label: 'features' },
    { from: 'exp', to: 'run', label: 'groups' },
    { from: 'run', to: 'mv', label: 'registered as' },
  ],
};

describe('lineageChain', () => {
  it('orders dataset → version → spec → run → model version, with edge labels between', () => {
    const chain = lineageChain(fromRun);
    expect(chain.map((s) => [s.node.id, s.incoming])).toEqual([
      ['ds', null],
      ['dv', 'version'],
      ['fs', 'fitted on'],
      ['run', 'features'],
      ['mv', 'registered as'],
    ]);
  });

  it('attaches the experiment to its run instead of putting it in the chain', () => {
    const run = lineageChain(fromRun).find((s) => s.node.id === 'run')!;
    expect(run.attached.map((a) => [a.node.id, a.label])).toEqual([['exp', 'groups']]);
    expect(lineageChain(fromRun).filter((s) => s.attached.length > 0)).toHaveLength(1);
  });

  it('follows edges, not the node order the server sent', () => {
    const shuffled = { ...fromRun, nodes: [...fromRun.nodes].reverse() };
    expect(lineageChain(shuffled).map((s) => s.node.id)).toEqual(['ds', 'dv', 'fs', 'run', 'mv']);
  });

  it('without a feature spec the version links straight to the run', () => {
    const g: LineageGraph = {
      nodes: [node('ds', 'dataset'), node('dv', 'dataset_version'), node('run', 'run'), node('mv', 'model_version')],
      edges: [
        { from: 'ds', to: 'dv', label: 'version' },
        { from: 'dv', to: 'run', label: 'trained on' },
        { from: 'run', to: 'mv', label: 'registered as' },
      ],
    };
    expect(lineageChain(g).map((s) => [s.node.id, s.incoming])).toEqual([
      ['ds', null],
      ['dv', 'version'],
      ['run', 'trained on'],
      ['mv', 'registered as'],
    ]);
  });

  it('an uploaded version is a chain of one', () => {
    expect(lineageChain({ nodes: [node('mv', 'model_version')], edges: [] })).toEqual([{ node: node('mv', 'model_version'), incoming: null, attached: [] }]);
  });

  it('shows unreachable nodes at the end without an arrow label rather than hiding them', () => {
    const g: LineageGraph = { nodes: [node('fs', 'feature_spec'), node('mv', 'model_version')], edges: [] };
    expect(lineageChain(g).map((s) => [s.node.id, s.incoming])).toEqual([
      ['fs', null],
      ['mv', null],
    ]);
  });
});
