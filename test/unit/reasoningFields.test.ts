/** The model form narrows the generated reasoning options to one model's catalog controls. */
import * as assert from 'node:assert/strict';
import { optionFormsByFamily } from '../../src/providers/formDescriptors';
import { reasoningOptionKeys } from '../../src/providers/modelOptions';
import type { OptionFamily } from '../../src/providers/providerTypes';
import { fieldDescriptorSchema, type FieldDescriptor } from '../../src/protocol/messages';
import { narrowReasoningFields, readControls } from '../../src/webview/reasoningFields';

const forms = optionFormsByFamily();
const keysOf = (fields: readonly FieldDescriptor[]) => fields.map((f) => f.key);
const field = (fields: readonly FieldDescriptor[], key: string) => {
  const found = fields.find((f) => f.key === key);
  assert.ok(found, `${key} is shown`);
  return found;
};

describe('model form: reasoning options narrowed per model', () => {
  it('tags every family\'s reasoning controls from reasoningOptionKeys, and the tags parse in the protocol', () => {
    for (const [family, keys] of Object.entries(reasoningOptionKeys) as [OptionFamily, Record<string, string>][]) {
      const tagged = Object.fromEntries(forms[family].fields.filter((f) => f.reasoning).map((f) => [f.reasoning, f.key.replace(/^options\./, '')]));
      assert.deepEqual(tagged, keys, family);
      for (const f of forms[family].fields) assert.ok(fieldDescriptorSchema.safeParse(f).success, f.key);
    }
  });

  it('offers only the model\'s effort values, in the family\'s order', () => {
    const { fields } = narrowReasoningFields(forms.openai.fields, 'true', JSON.stringify({ effort: ['high', 'low', 'medium'] }));
    assert.deepEqual(field(fields, 'options.reasoningEffort').options, ['low', 'medium', 'high']);
    assert.deepEqual(forms.openai.fields.find((f) => f.key === 'options.reasoningEffort')?.options?.length, 7, 'the family keeps every value');
    assert.ok(keysOf(fields).includes('options.maxCompletionTokens'), 'other options stay');
  });

  it('bounds the thinking budget by the model\'s range, and says so in the hint', () => {
    const { fields } = narrowReasoningFields(forms.anthropic.fields, 'true', JSON.stringify({ effort: ['low', 'medium', 'high'], budget: { min: 1024, max: 64_000 } }));
    const budget = field(fields, 'options.thinkingBudgetTokens');
    assert.deepEqual([budget.min, budget.max, budget.hint], [1024, 64_000, '1,024–64,000 for this model']);
    assert.deepEqual(field(fields, 'options.effort').options, ['low', 'medium', 'high']);
  });

  it('keeps the family\'s 0 and −1 budget values allowed where it has them (Gemini)', () => {
    const { fields } = narrowReasoningFields(forms.gemini.fields, 'true', JSON.stringify({ budget: { min: 128, max: 24_576 } }));
    const budget = field(fields, 'options.thinkingBudget');
    assert.deepEqual([budget.min, budget.max, budget.hint], [-1, 24_576, '128–24,576 for this model']);
    assert.ok(!keysOf(fields).includes('options.thinkingLevel'), 'no effort control: no thinking level');
    assert.ok(keysOf(fields).includes('options.includeThoughts'), 'untagged options stay');
  });

  it('shows the toggle only to a model that can switch reasoning, and hides controls it lacks', () => {
    const withToggle = narrowReasoningFields(forms.openrouter.fields, 'true', JSON.stringify({ toggle: true }));
    assert.ok(keysOf(withToggle.fields).includes('options.reasoningEnabled'));
    assert.ok(!keysOf(withToggle.fields).includes('options.reasoningEffort'));
    const noToggle = narrowReasoningFields(forms.openrouter.fields, 'true', JSON.stringify({ effort: ['low', 'high'] }));
    assert.ok(!keysOf(noToggle.fields).includes('options.reasoningEnabled'));
  });

  it('hides every reasoning field, with the reason, for a model that does not reason', () => {
    const narrowed = narrowReasoningFields(forms.anthropic.fields, 'false', '');
    assert.deepEqual(narrowed.fields, []);
    assert.match(narrowed.note ?? '', /does not reason/);
    assert.equal(narrowReasoningFields(forms.vercel.fields, 'false', '').fields.some((f) => f.reasoning), false);
    assert.ok(keysOf(narrowReasoningFields(forms.vercel.fields, 'false', '').fields).includes('options.providerOptions'));
  });

  it('leaves the family\'s fields as they are without reasoning controls, or with unreadable ones', () => {
    for (const [reasoning, controls] of [['', ''], ['true', ''], ['true', '{not json'], ['', '[1]']] as const) {
      assert.deepEqual(narrowReasoningFields(forms.openai.fields, reasoning, controls).fields, forms.openai.fields, `${reasoning} ${controls}`);
    }
    assert.deepEqual(readControls('{"toggle": "yes", "effort": ["low", 3], "budget": {"min": "1", "max": 10}}'), { effort: ['low'], budget: { max: 10 } });
  });
});
