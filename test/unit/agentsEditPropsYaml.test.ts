import { parse } from 'yaml';
import { renderYaml } from '../fixtures/agentConfigs/render';
import { defineProperties } from '../fixtures/agentConfigs/properties';

describe('agents/edit YAML properties', function () {
  this.timeout(120_000);
  defineProperties({ format: 'yaml', render: renderYaml, parse: (text) => parse(text) ?? undefined, units: ['  ', '    '], allowNull: true });
});
