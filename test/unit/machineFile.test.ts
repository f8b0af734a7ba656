import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MachineFile } from '../../src/extension/store/machineFile';

describe('MachineFile (this machine\'s state every window reads at once)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-machine-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a value one window writes is what another window reads next, with no event in between', async () => {
    const file = path.join(dir, 'global', 'machine.json');
    const one = new MachineFile(file);
    const two = new MachineFile(file);
    assert.equal(two.get('pick'), undefined);
    await one.update('pick', { ref: 'local/beta' });
    assert.deepEqual(two.get('pick'), { ref: 'local/beta' });
    await two.update('other', 1);
    assert.deepEqual(one.get('pick'), { ref: 'local/beta' }, 'a write keeps the other keys');
    await one.update('pick', undefined);
    assert.equal(two.get('pick'), undefined);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['machine.json'], 'no temporary file left');
  });

  it('reads a missing, broken or non-object file as empty', async () => {
    const file = path.join(dir, 'machine.json');
    assert.equal(new MachineFile(file).get('pick'), undefined);
    for (const text of ['{"pick":', '[1]', 'null']) {
      fs.writeFileSync(file, text);
      assert.equal(new MachineFile(file).get('pick'), undefined, text);
    }
    await new MachineFile(file).update('pick', 'x');
    assert.equal(new MachineFile(file).get('pick'), 'x', 'and writes over it');
  });
});
