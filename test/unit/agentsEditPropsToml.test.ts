import type * as TomlPatch from '@decimalturn/toml-patch' with { 'resolution-mode': 'import' };
import { renderToml } from '../fixtures/agentConfigs/render';
import { defineProperties } from '../fixtures/agentConfigs/properties';

const toml: typeof TomlPatch = require('@decimalturn/toml-patch');

describe('agents/edit TOML properties', function () {
  this.timeout(120_000);
  defineProperties({ format: 'toml', render: renderToml, parse: (text) => toml.parse(text), units: ['  '], allowNull: false });
});
