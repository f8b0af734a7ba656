import * as assert from 'node:assert/strict';
import { catalogDetail, catalogSections, fillFromCatalog, formatTokens, modelFromCatalog } from '../../src/providers/catalog/catalogModel';
import { modelSchema, validateModelOptions } from '../../src/providers/model';
import { providerTypeIds } from '../../src/providers/providerTypes';
import { addModel, addProvider } from '../../src/providers/operations';
import { documentWith } from '../fakes/builders';
import { smallIndex } from './catalogFixtures';

describe('catalog: filling in a model', () => {
  const index = smallIndex();
  const entry = (section: string, id: string) => index.get(section, id)!;

  it('takes context, max output, modalities, reasoning and its controls; 70% compression below 500k', () => {
    const model = modelFromCatalog(entry('anthropic', 'claude-sonnet-4-5-20250929'));
    assert.deepEqual(model, {
      id: 'claude-sonnet-4-5-20250929',
      displayName: 'Claude Sonnet 4.5',
      contextLimit: 200_000,
      maxOutputTokens: 64_000,
      compressionThreshold: 70,
      reasoning: true,
      modalities: { input: ['text', 'image', 'pdf'], output: ['text'] },
      reasoningControls: { budget: { min: 1024 } },
    });
    assert.ok(modelSchema.safeParse(model).success);
  });

  it('uses 30% compression from 500k context on', () => {
    assert.equal(modelFromCatalog(entry('google', 'gemini-2.5-pro')).compressionThreshold, 30);
    assert.equal(modelFromCatalog(entry('openai', 'gpt-5')).compressionThreshold, 70);
  });

  it('stores the id the provider expects, and leaves out an output limit that equals the context', () => {
    const model = modelFromCatalog(entry('openai', 'gpt-5'), 'my-gpt5-deployment');
    assert.equal(model.id, 'my-gpt5-deployment');
    assert.equal(model.displayName, 'GPT-5');
    const v3 = modelFromCatalog(entry('meganova', 'deepseek-ai/DeepSeek-V3-0324'));
    assert.equal(v3.maxOutputTokens, 163_840);
    assert.ok(modelSchema.safeParse(v3).success);
  });

  it('every model of the small catalog becomes a valid model of a provider of its section’s type', () => {
    for (const section of index.allSections()) {
      for (const m of section.models) assert.ok(modelSchema.safeParse(modelFromCatalog(m)).success, `${section.id}/${m.id}`);
    }
    const doc = addProvider({ name: 'Google', type: 'gemini' })(documentWith([])).doc;
    const added = addModel('google', modelFromCatalog(entry('google', 'gemini-2.5-flash')))(doc);
    const stored = added.doc.providers[0].models[0];
    assert.deepEqual(stored.reasoningControls, { toggle: true, budget: { min: 0, max: 24_576 } });
    assert.equal(added.result, 'google/gemini-2.5-flash');
  });

  it('fills only what a model lacks', () => {
    const filled = fillFromCatalog({ id: 'gpt-5', contextLimit: 100_000, displayName: 'Mine' } as never, entry('openai', 'gpt-5'));
    assert.equal(filled.contextLimit, 100_000);
    assert.equal(filled.displayName, 'Mine');
    assert.equal(filled.compressionThreshold, 70);
    assert.equal(filled.maxOutputTokens, undefined, 'the catalog output (128k) is above the user’s context');
    assert.deepEqual(filled.reasoningControls, { effort: ['minimal', 'low', 'medium', 'high'] });
  });

  it('the options accept what the model’s controls allow, and say so when not', () => {
    const controls = modelFromCatalog(entry('openai', 'gpt-5')).reasoningControls;
    assert.deepEqual(validateModelOptions('openai', { reasoningEffort: 'minimal' }, controls), []);
    const [issue] = validateModelOptions('openai', { reasoningEffort: 'xhigh' }, controls);
    assert.deepEqual(issue.path, ['options', 'reasoningEffort']);
    assert.match(issue.message, /accepts minimal, low, medium, high, not xhigh/);
    const gemini = modelFromCatalog(entry('google', 'gemini-2.5-pro')).reasoningControls;
    assert.match(validateModelOptions('gemini', { thinkingBudget: 64 }, gemini)[0].message, /at least 128/);
    const flash = modelFromCatalog(entry('google', 'gemini-2.5-flash')).reasoningControls;
    assert.match(validateModelOptions('gemini', { thinkingBudget: 30_000 }, flash)[0].message, /at most 24,576 tokens/);
    assert.deepEqual(validateModelOptions('gemini', { thinkingBudget: -1 }, gemini), [], 'dynamic is the family’s business');
    assert.deepEqual(validateModelOptions('anthropic', { thinkingBudgetTokens: 2048 }, modelFromCatalog(entry('anthropic', 'claude-sonnet-4-5-20250929')).reasoningControls), []);
    assert.deepEqual(validateModelOptions('openai', { reasoningEffort: 'xhigh' }), [], 'without controls, the family decides');
  });

  it('summarises an entry on one line', () => {
    assert.equal(catalogDetail(entry('anthropic', 'claude-sonnet-4-5-20250929')), '200k context · 64k out · $3/$15 per 1M · reasoning (budget) · tools · image, pdf in');
    assert.equal(catalogDetail(entry('openai', 'gpt-5')), '400k context · 128k out · $1.25/$10 per 1M · reasoning (effort minimal–high) · tools · image in');
    assert.match(catalogDetail(entry('google', 'gemini-2.5-flash')), /^1M context · 65\.5k out · .* · reasoning \(budget, on\/off\)/);
    assert.equal(formatTokens(1_047_576), '1M');
    assert.equal(formatTokens(2_000_000), '2M');
    assert.equal(formatTokens(131_072), '131k');
    assert.equal(formatTokens(512), '512');
  });

  it('maps every provider type to a section of the catalog, or to none', () => {
    assert.deepEqual(Object.keys(catalogSections).sort(), [...providerTypeIds].sort());
    assert.equal(catalogSections.gemini, 'google');
    assert.equal(catalogSections.bedrock, 'amazon-bedrock');
    assert.equal(catalogSections['opencode-zen'], 'opencode');
    assert.equal(catalogSections['azure-openai'], 'azure');
  });
});
