/** Per-developer headers: ${env:NAME} only, expanded on this machine, never into a message. */
import * as assert from 'node:assert/strict';
import { expandHeaders, templateProblem, variablesOf } from '../../src/providers/team/headerTemplates';
import { exportFormat } from '../../src/providers/portable/exportFile';
import { parseTeamValue } from '../../src/providers/team/parseTeam';

function fileWithHeaders(headers: Record<string, string>) {
  return {
    format: exportFormat,
    version: 1,
    providers: [{ id: 'proxy', name: 'Proxy', type: 'openai', baseUrl: 'https://llm.example.com/v1', headers, models: [{ id: 'm', contextLimit: 1000 }] }],
  };
}

describe('team header templates', () => {
  it('expands ${env:NAME}, any number of times, and leaves plain values alone', () => {
    const { headers, warnings } = expandHeaders({ 'X-User': '${env:USER}', 'X-Who': '${env:USER}@${env:HOST_NAME}', 'X-Team-Id': 'payments' }, { USER: 'ada', HOST_NAME: 'box' });
    assert.deepEqual(headers, { 'X-User': 'ada', 'X-Who': 'ada@box', 'X-Team-Id': 'payments' });
    assert.deepEqual(warnings, []);
    assert.deepEqual(variablesOf('${env:A}-${env:B}'), ['A', 'B']);
  });

  it('rejects every other placeholder when the file loads, naming the header but not the text inside', () => {
    assert.match(templateProblem('${secret:proxy}')!, /^\$\{secret:…\} is not allowed/);
    assert.match(templateProblem('Bearer ${key}')!, /^\$\{…\} is not allowed/);
    assert.match(templateProblem('${env:}')!, /is not allowed/);
    assert.match(templateProblem('${env:USER')!, /is not closed/);
    assert.equal(templateProblem('${env:USER}'), undefined);
    const result = parseTeamValue(fileWithHeaders({ 'X-User': '${env:USER}', 'X-Proxy': '${sk-live-PASTED-INSIDE}' }), { USER: 'ada' });
    assert.equal(result.ok, false);
    const errors = result.ok ? [] : result.errors;
    assert.deepEqual(errors.length, 1);
    assert.match(errors[0], /^providers\[0\]\.headers\.X-Proxy: \$\{…\} is not allowed: a team file may use only \$\{env:NAME\} in headers\.$/);
    assert.doesNotMatch(errors[0], /PASTED-INSIDE/);
  });

  it('leaves out a header whose variable is unset or would break the header, with a warning that names the variable and never a value', () => {
    const { headers, warnings } = expandHeaders({ 'X-User': '${env:USER}', 'X-Bad': '${env:EVIL}', 'X-Team-Id': 't' }, { EVIL: 'VALUE-NEVER-SHOWN\r\nX-Injected: 1' });
    assert.deepEqual(headers, { 'X-Team-Id': 't' });
    assert.deepEqual(warnings.map((w) => w.header), ['X-User', 'X-Bad']);
    assert.match(warnings[0].message, /\$USER is not set on this machine/);
    assert.match(warnings[1].message, /\$EVIL has a line break/);
    assert.doesNotMatch(JSON.stringify(warnings), /VALUE-NEVER-SHOWN/);
    const parsed = parseTeamValue(fileWithHeaders({ 'X-User': '${env:USER}' }), {});
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.warnings, ['providers[0].headers.X-User: $USER is not set on this machine; the header is left out.']);
    assert.deepEqual(parsed.catalog.providers[0].headers, {});
  });
});
