/**
 * Benchmark of the local gateway, run by `npm run bench` with the other bench files. The
 * measuring happens in child processes (test/harness/benchGateway.ts): the gateway, the floor
 * proxy, the upstream double and claude-code-router each run in their own, so this file
 * loads no VS Code API and works in the extension host or in plain Node alike.
 */
import { reportBench } from '../harness/benchReport';
import { gatewayFigures } from '../harness/benchGateway';

describe('bench: gateway', () => {
  it('measures overhead, throughput, CPU, first token and RSS against the floor and claude-code-router', async function () {
    this.timeout(5 * 60_000);
    const figures = await gatewayFigures({ verbose: true });
    for (const f of figures) {
      reportBench({ name: f.name, label: f.label, unit: f.unit, value: f.value, target: f.target, ...(f.peer !== undefined ? { peer: f.peer } : {}) });
      console.log(`${f.label}: ${f.note}`);
    }
  });
});
