import * as assert from 'node:assert/strict';
import * as z from 'zod';
import {
  describeObjectSchema,
  type FieldDescriptor,
  type FormDescriptor,
  modelFormDescriptor,
  optionFormDescriptor,
  optionFormsByFamily,
} from '../../src/providers/formDescriptors';
import { modelSchema } from '../../src/providers/model';
import { modelOptionSchemas } from '../../src/providers/modelOptions';
import { type OptionFamily, providerTypes } from '../../src/providers/providerTypes';
import { fieldDescriptorSchema, formDescriptorSchema } from '../../src/protocol/messages';

function field(form: FormDescriptor, key: string): FieldDescriptor {
  const found = form.fields.find((f) => f.key === key);
  assert.ok(found, `no field ${key} in ${form.fields.map((f) => f.key).join(', ')}`);
  return found;
}

const families = Object.keys(modelOptionSchemas) as OptionFamily[];
const allForms = (): FormDescriptor[] => [modelFormDescriptor(), ...Object.values(optionFormsByFamily())];

describe('form descriptors', () => {
  describe('general model form', () => {
    const form = modelFormDescriptor();

    it('lists the general fields in schema order and leaves options to the family forms', () => {
      assert.deepEqual(
        form.fields.map((f) => f.key),
        ['id', 'displayName', 'contextLimit', 'compressionThreshold', 'maxOutputTokens', 'temperature', 'topP', 'topK', 'presencePenalty', 'frequencyPenalty', 'kind', 'modalities', 'reasoning', 'reasoningControls'],
      );
      // Derived, not hand-listed: every schema field but options is there.
      assert.deepEqual(form.fields.map((f) => f.key), Object.keys(modelSchema.shape).filter((k) => k !== 'options'));
    });

    it('marks only id and contextLimit as required (kind has a default)', () => {
      assert.deepEqual(form.fields.filter((f) => f.required).map((f) => f.key), ['id', 'contextLimit']);
    });

    it('chooses controls from the types', () => {
      const controls = Object.fromEntries(form.fields.map((f) => [f.key, f.control]));
      assert.deepEqual(controls, {
        id: 'text',
        displayName: 'text',
        contextLimit: 'number',
        compressionThreshold: 'number',
        maxOutputTokens: 'number',
        temperature: 'number',
        topP: 'number',
        topK: 'number',
        presencePenalty: 'number',
        frequencyPenalty: 'number',
        kind: 'segmented',
        modalities: 'json',
        reasoning: 'segmented',
        reasoningControls: 'json',
      });
      assert.deepEqual(field(form, 'kind').options, ['chat', 'embedding']);
    });

    it('takes labels and descriptions from the meta, with a fallback label for untitled fields', () => {
      assert.equal(field(form, 'contextLimit').label, 'Context limit');
      assert.equal(field(form, 'contextLimit').description, 'Input plus output tokens the model accepts.');
      assert.equal(field(form, 'topP').label, 'Top-p');
      assert.equal(field(form, 'id').label, 'Model id');
      assert.equal(describeObjectSchema(z.object({ maxRetries: z.int() })).fields[0].label, 'Max retries');
    });

    it('reads bounds, integer-ness, units and human hints', () => {
      assert.deepEqual(field(form, 'contextLimit'), {
        key: 'contextLimit',
        label: 'Context limit',
        description: 'Input plus output tokens the model accepts.',
        control: 'number',
        required: true,
        integer: true,
        min: 1,
        max: 100_000_000,
        unit: 'tokens',
        hint: '1–100,000,000',
      });
      // positive() is an exclusive 0, which for an integer is a minimum of 1.
      assert.equal(field(form, 'maxOutputTokens').min, 1);
      assert.equal(field(form, 'maxOutputTokens').hint, '1–10,000,000');
      assert.equal(field(form, 'maxOutputTokens').unit, 'tokens');
      assert.equal(field(form, 'temperature').hint, '0.0–2.0');
      assert.equal(field(form, 'temperature').integer, undefined);
      assert.equal(field(form, 'topP').hint, '0.0–1.0');
      assert.equal(field(form, 'topK').hint, '1–1,000');
      assert.equal(field(form, 'topK').integer, true);
      assert.equal(field(form, 'presencePenalty').hint, '\u22122.0 to 2.0');
      assert.deepEqual([field(form, 'presencePenalty').min, field(form, 'presencePenalty').max], [-2, 2]);
      assert.equal(field(form, 'compressionThreshold').unit, '%');
      assert.equal(field(form, 'compressionThreshold').hint, '0.0–100.0');
      assert.equal(field(form, 'id').hint, undefined);
    });
  });

  describe('option forms', () => {
    const forms = optionFormsByFamily();

    it('has one form per family, keys under "options.", none required', () => {
      assert.deepEqual(Object.keys(forms).sort(), [...families].sort());
      for (const family of families) {
        assert.deepEqual(forms[family], optionFormDescriptor(family));
        assert.deepEqual(
          forms[family].fields.map((f) => f.key),
          Object.keys(modelOptionSchemas[family].shape).map((k) => `options.${k}`),
        );
        assert.ok(forms[family].fields.every((f) => !f.required), family);
      }
    });

    it('covers every provider type, aliases included', () => {
      for (const t of providerTypes) assert.ok(forms[t.optionFamily], t.id);
      assert.equal(providerTypes.find((t) => t.id === 'azure-openai')?.optionFamily, 'openai');
      assert.equal(providerTypes.find((t) => t.id === 'bedrock')?.optionFamily, 'anthropic');
    });

    it('anthropic: effort is segmented low/medium/high/xhigh/max; thinking budget is ≥ 1,024 tokens', () => {
      const effort = field(forms.anthropic, 'options.effort');
      assert.equal(effort.control, 'segmented');
      assert.deepEqual(effort.options, ['low', 'medium', 'high', 'xhigh', 'max']);
      const budget = field(forms.anthropic, 'options.thinkingBudgetTokens');
      assert.deepEqual([budget.control, budget.min, budget.max, budget.unit, budget.hint], ['number', 1024, 128_000, 'tokens', '1,024–128,000']);
    });

    it('openai: reasoning effort a dropdown of every effort, completion tokens a number, parallel tool calls a boolean', () => {
      const effort = field(forms.openai, 'options.reasoningEffort');
      assert.deepEqual([effort.control, effort.options], ['dropdown', ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']]);
      assert.equal(field(forms.openai, 'options.maxCompletionTokens').hint, '1–10,000,000');
      const parallel = field(forms.openai, 'options.parallelToolCalls');
      assert.deepEqual([parallel.control, parallel.options], ['segmented', ['true', 'false']]);
    });

    it('gemini: safety settings are JSON; the thinking budget allows −1', () => {
      assert.equal(field(forms.gemini, 'options.safetySettings').control, 'json');
      assert.equal(field(forms.gemini, 'options.safetySettings').label, 'Safety settings');
      assert.equal(field(forms.gemini, 'options.includeThoughts').control, 'segmented');
      const budget = field(forms.gemini, 'options.thinkingBudget');
      assert.deepEqual([budget.min, budget.max, budget.hint], [-1, 32_768, '\u22121 to 32,768']);
    });

    it('openrouter: provider order is JSON, booleans segmented', () => {
      assert.equal(field(forms.openrouter, 'options.providerOrder').control, 'json');
      assert.equal(field(forms.openrouter, 'options.reasoningEnabled').control, 'segmented');
      assert.equal(field(forms.openrouter, 'options.allowFallbacks').control, 'segmented');
    });

    it('vercel: provider options are JSON', () => {
      assert.equal(field(forms.vercel, 'options.providerOptions').control, 'json');
      assert.equal(field(forms.vercel, 'options.reasoningEnabled').control, 'segmented');
    });
  });

  describe('new schema fields need no code change', () => {
    const schema = z
      .object({
        region: z.enum(['a', 'b', 'c', 'd', 'e', 'f', 'g']).optional().meta({ title: 'Region', description: 'Seven choices.' }),
        six: z.enum(['1', '2', '3', '4', '5', '6']),
        tags: z.record(z.string(), z.string()).optional().meta({ title: 'Tags' }),
        list: z.array(z.number()).optional(),
        budget: z.number().min(0.5).max(1500).optional().meta({ title: 'Budget', unit: 'USD' }),
        floor: z.int().min(1024).optional(),
        ceiling: z.number().max(100).optional(),
        open: z.number().optional(),
        positive: z.number().positive().optional(),
        flag: z.boolean().default(false),
        mode: z.literal('fast').optional(),
        nullable: z.string().nullable().optional(),
        when: z.date().optional(),
        recursive: z.json().optional(),
        max_retry_count: z.int().optional(),
      })
      .strict();
    const form = describeObjectSchema(schema, 'options');

    it('maps each kind of field to the right descriptor', () => {
      assert.deepEqual(field(form, 'options.region'), {
        key: 'options.region',
        label: 'Region',
        description: 'Seven choices.',
        control: 'dropdown',
        required: false,
        options: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      });
      assert.deepEqual([field(form, 'options.six').control, field(form, 'options.six').required], ['segmented', true]);
      assert.equal(field(form, 'options.tags').control, 'json');
      assert.equal(field(form, 'options.list').control, 'json');
      assert.deepEqual(field(form, 'options.budget'), {
        key: 'options.budget',
        label: 'Budget',
        control: 'number',
        required: false,
        min: 0.5,
        max: 1500,
        unit: 'USD',
        hint: '0.5–1,500.0',
      });
      assert.deepEqual([field(form, 'options.floor').hint, field(form, 'options.floor').max], ['≥ 1,024', undefined]);
      assert.equal(field(form, 'options.ceiling').hint, '≤ 100.0');
      assert.equal(field(form, 'options.open').hint, undefined);
      assert.deepEqual([field(form, 'options.positive').min, field(form, 'options.positive').hint], [undefined, '> 0.0']);
      assert.deepEqual([field(form, 'options.flag').control, field(form, 'options.flag').required], ['segmented', false]);
      assert.deepEqual(field(form, 'options.mode').options, ['fast']);
      assert.equal(field(form, 'options.nullable').control, 'text');
      assert.equal(field(form, 'options.when').control, 'json');
      assert.equal(field(form, 'options.recursive').control, 'json');
      assert.equal(field(form, 'options.max_retry_count').label, 'Max retry count');
    });

    it('keeps keys unprefixed without a prefix', () => {
      assert.deepEqual(describeObjectSchema(z.object({ a: z.string() })).fields.map((f) => f.key), ['a']);
    });

    it('picks up a field added to a real option schema', () => {
      const extended = modelOptionSchemas.anthropic.extend({
        cacheTtl: z.enum(['5m', '1h']).optional().meta({ title: 'Cache TTL' }),
      });
      const added = field(describeObjectSchema(extended, 'options'), 'options.cacheTtl');
      assert.deepEqual([added.label, added.control, added.options], ['Cache TTL', 'segmented', ['5m', '1h']]);
    });
  });

  describe('every generated descriptor', () => {
    it('has a non-empty label', () => {
      for (const form of allForms()) for (const f of form.fields) assert.ok(f.label.trim().length > 0, f.key);
    });

    it('parses with the protocol schemas, unchanged', () => {
      for (const form of allForms()) {
        assert.deepEqual(formDescriptorSchema.parse(form), form);
        for (const f of form.fields) assert.deepEqual(fieldDescriptorSchema.strict().parse(f), f);
      }
    });

    it('gives choices exactly to segmented controls and dropdowns', () => {
      for (const form of allForms()) {
        for (const f of form.fields) {
          const choice = f.control === 'segmented' || f.control === 'dropdown';
          assert.equal(f.options !== undefined, choice, f.key);
          if (f.control === 'segmented') assert.ok(f.options!.length <= 6, f.key);
        }
      }
    });
  });
});
