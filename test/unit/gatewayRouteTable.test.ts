import * as assert from 'node:assert/strict';
import { routeProblem } from '../../src/gateway/route';
import { gatewayRoute, routeFor } from '../../src/gateway/routeTable';
import { bedrockApi, isBedrockAnthropic } from '../../src/providers/bedrockModels';
import { documentWith, model, provider } from '../fakes/builders';

const usable = () => true;

describe('gateway route table', () => {
  const oa = provider('oa', { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', models: [model('qwen', { temperature: 0.2, options: { reasoningEffort: 'low' } })] });
  const an = provider('an', { type: 'anthropic', models: [model('sonnet', { maxOutputTokens: 4096 })] });
  const doc = documentWith([oa, an], { lastUsedRef: 'oa/qwen', assignments: { codex: 'an/sonnet' } });

  it('sends an agent to its own assignment, else to the active model, whatever model its request names', () => {
    const codex = routeFor(doc, usable, 'codex', 'oa/qwen');
    assert.ok(codex.ok);
    assert.equal(codex.target.ref, 'an/sonnet');
    assert.equal(codex.target.upstream, 'anthropic-messages');
    assert.equal(codex.target.baseUrl, 'https://api.anthropic.com/v1');
    assert.deepEqual(codex.target.model, { modelId: 'sonnet', optionFamily: 'anthropic', maxOutputTokens: 4096 });
    const claude = routeFor(doc, usable, 'claude-code', 'claude-opus-4');
    assert.ok(claude.ok);
    assert.equal(claude.target.ref, 'oa/qwen');
    assert.deepEqual(claude.target.model, { modelId: 'qwen', optionFamily: 'openai', temperature: 0.2, options: { reasoningEffort: 'low' } });
  });

  it('follows a pick at once: the route is read from the document each time', () => {
    const later = { ...doc, lastUsedRef: 'an/sonnet' as const };
    const route = routeFor(later, usable, 'claude-code', undefined);
    assert.ok(route.ok);
    assert.equal(route.target.ref, 'an/sonnet');
  });

  it('lets VS Code chat and agent-less requests name a model by ref', () => {
    const chat = routeFor(doc, usable, 'vscode-chat', 'an/sonnet');
    assert.ok(chat.ok && chat.target.ref === 'an/sonnet');
    const plain = routeFor(doc, usable, undefined, 'an/sonnet');
    assert.ok(plain.ok && plain.target.ref === 'an/sonnet');
    const unknown = routeFor(doc, usable, undefined, 'gone/model');
    assert.ok(unknown.ok && unknown.target.ref === 'oa/qwen', 'an unknown ref falls back to the active model');
  });

  it('explains why a request cannot be routed', () => {
    assert.match((routeFor(documentWith([]), usable, 'codex', undefined) as { message: string }).message, /no model to route to/);
    assert.match((routeFor(doc, () => false, 'codex', undefined) as { message: string }).message, /no key on this machine/);
  });

  it('routes every Bedrock chat model: Nova, Llama and the rest go to the same runtime as Claude (the gateway picks Converse for them)', () => {
    const aws = provider('aws', { type: 'bedrock', region: 'us-east-1', aws: { method: 'profile', profile: 'dev' }, models: [model('amazon.nova-pro-v1:0'), model('us.meta.llama3-3-70b-instruct-v1:0')] } as never);
    for (const id of ['amazon.nova-pro-v1:0', 'us.meta.llama3-3-70b-instruct-v1:0']) {
      const found = routeFor(documentWith([aws], { lastUsedRef: `aws/${id}` }), usable, 'codex', undefined);
      assert.ok(found.ok, JSON.stringify(found));
      assert.equal(found.target.model.modelId, id);
      assert.equal(found.target.baseUrl, 'https://bedrock-runtime.us-east-1.amazonaws.com');
      assert.deepEqual(gatewayRoute(found.target, { allowInvalidCertificate: false, timeoutMs: 1000 }).bedrock, { region: 'us-east-1', auth: { method: 'profile', profile: 'dev' } });
    }
  });

  it('routes Claude on Bedrock to the region’s runtime (or the base URL), with the region and sign-in for the gateway', () => {
    const aws = provider('aws', { type: 'bedrock', region: 'eu-west-1', aws: { method: 'accessKey', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, models: [model('eu.anthropic.claude-sonnet-4-5-20250929-v1:0'), model('anthropic.claude-3-haiku-20240307-v1:0')] } as never);
    const found = routeFor(documentWith([aws], { lastUsedRef: 'aws/eu.anthropic.claude-sonnet-4-5-20250929-v1:0' }), usable, 'codex', undefined);
    assert.ok(found.ok, JSON.stringify(found));
    assert.equal(found.target.upstream, 'anthropic-messages');
    assert.equal(found.target.baseUrl, 'https://bedrock-runtime.eu-west-1.amazonaws.com');
    assert.equal(found.target.model.optionFamily, 'anthropic');
    const r = gatewayRoute(found.target, { allowInvalidCertificate: false, timeoutMs: 1000 });
    assert.deepEqual(r.bedrock, { region: 'eu-west-1', auth: { method: 'accessKey', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' } });
    assert.equal(routeProblem(r), undefined);
    const based = { ...aws, baseUrl: 'https://vpce-1.bedrock-runtime.eu-west-1.vpce.amazonaws.com/' } as never;
    const viaEndpoint = routeFor(documentWith([based], { lastUsedRef: 'aws/anthropic.claude-3-haiku-20240307-v1:0' }), usable, 'codex', undefined);
    assert.ok(viaEndpoint.ok && viaEndpoint.target.baseUrl === 'https://vpce-1.bedrock-runtime.eu-west-1.vpce.amazonaws.com');
  });

  it('sends Claude on Bedrock through InvokeModel (with or without an inference profile’s geography, or as an ARN) and every other model through Converse', () => {
    for (const id of [
      'anthropic.claude-3-haiku-20240307-v1:0',
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'eu.anthropic.x',
      'apac.anthropic.x',
      'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'us-gov.anthropic.x',
      'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    ]) {
      assert.ok(isBedrockAnthropic(id), id);
      assert.equal(bedrockApi(id), 'invoke', id);
    }
    for (const id of [
      'amazon.nova-lite-v1:0',
      'us.amazon.nova-pro-v1:0',
      'meta.llama3-70b-instruct-v1:0',
      'mistral.mistral-large-2407-v1:0',
      'cohere.command-r-v1:0',
      'deepseek.r1-v1:0',
      'openai.gpt-oss-120b-1:0',
      'qwen.qwen3-32b-v1:0',
      'xanthropic.claude',
      'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc',
    ]) {
      assert.ok(!isBedrockAnthropic(id), id);
      assert.equal(bedrockApi(id), 'converse', id);
    }
  });

  it('routes to Gemini providers, at their versioned base', () => {
    const gem = provider('gem', { type: 'gemini', models: [model('gemini-2.5-pro')] });
    const found = routeFor(documentWith([gem], { lastUsedRef: 'gem/gemini-2.5-pro' }), usable, 'codex', undefined);
    assert.ok(found.ok, JSON.stringify(found));
    assert.equal(found.target.upstream, 'gemini');
    assert.equal(found.target.baseUrl, 'https://generativelanguage.googleapis.com/v1beta');
    assert.equal(found.target.model.optionFamily, 'gemini');
  });
});
