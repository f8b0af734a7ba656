import { parse } from 'jsonc-parser';
import { renderJson } from '../fixtures/agentConfigs/render';
import { defineProperties } from '../fixtures/agentConfigs/properties';

describe('agents/edit JSON properties', function () {
  this.timeout(120_000);
  defineProperties({ format: 'json', render: renderJson, parse: (text) => parse(text, [], { allowTrailingComma: true }), units: ['\t', '  ', '    '], allowNull: true });
});
