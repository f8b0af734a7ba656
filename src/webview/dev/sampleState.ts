// Sample host state for the dev harness: shaped like what the extension host sends, incl. descriptors.
import type { FieldDescriptor, StateMessage } from '../../protocol/messages';

const effort = ['low', 'medium', 'high'];
const bool = ['true', 'false'];

const modelFields: FieldDescriptor[] = [
  { key: 'id', label: 'Model id', control: 'text', required: true, description: 'Sent to the provider exactly as typed.' },
  { key: 'displayName', label: 'Display name', control: 'text', required: false, description: 'Shown in the picker; defaults to the model id.' },
  { key: 'contextLimit', label: 'Context limit', control: 'number', required: true, integer: true, min: 1, max: 100_000_000, unit: 'tokens', hint: '≥ 1', description: 'Input plus output tokens the model accepts.' },
  { key: 'compressionThreshold', label: 'Compression threshold', control: 'number', required: false, min: 0, max: 100, unit: '%', hint: '0–100', description: 'Share of the context limit at which agents compact the conversation.' },
  { key: 'maxOutputTokens', label: 'Max output tokens', control: 'number', required: false, integer: true, min: 1, unit: 'tokens', hint: '≥ 1', description: 'Upper bound on tokens generated per reply.' },
  { key: 'temperature', label: 'Temperature', control: 'number', required: false, min: 0, max: 2, hint: '0.0–2.0', description: 'Higher is more random.' },
  { key: 'topP', label: 'Top-p', control: 'number', required: false, min: 0, max: 1, hint: '0.0–1.0', description: 'Nucleus sampling mass.' },
  { key: 'kind', label: 'Kind', control: 'segmented', required: false, options: ['chat', 'embedding'], description: 'Chat models appear in the picker; embedding models serve indexing.' },
];

export function sampleState(): StateMessage {
  return {
    type: 'state',
    providers: [
      {
        id: 'anthropic', name: 'Anthropic', type: 'anthropic', agents: ['claude-code', 'opencode'], headers: {}, typeFields: {}, keyState: 'set', etag: 'a1',
        models: [
          { id: 'claude-sonnet-4-5', displayName: 'Claude Sonnet 4.5', contextLimit: 200_000, maxOutputTokens: 64_000, kind: 'chat', options: { effort: 'high' } },
          { id: 'claude-opus-4-1', contextLimit: 200_000, kind: 'chat', options: { thinkingBudgetTokens: 8192 } },
        ],
      },
      {
        id: 'openrouter', name: 'OpenRouter', type: 'openrouter', agents: ['codex'], headers: { 'HTTP-Referer': 'https://example.dev' }, typeFields: {}, keyState: 'missing', etag: 'o1',
        models: [{ id: 'anthropic/claude-3.7-sonnet:thinking', displayName: 'Claude 3.7 (thinking)', contextLimit: 200_000, kind: 'chat', options: { providerOrder: ['anthropic', 'google-vertex'] } }],
      },
      {
        id: 'ollama', name: 'Local Ollama', type: 'ollama', baseUrl: 'http://127.0.0.1:11434/v1', agents: [], headers: {}, typeFields: {}, keyState: 'optional', etag: 'l1',
        models: [{ id: 'qwen2.5-coder:32b', contextLimit: 32_768, kind: 'chat' }, { id: 'nomic-embed-text', contextLimit: 8192, kind: 'embedding' }],
      },
      {
        id: 'bedrock', name: 'Bedrock (work)', type: 'bedrock', agents: [], headers: {}, typeFields: { region: 'eu-west-1', aws: { method: 'profile', profile: 'work' } }, keyState: 'not-needed', etag: 'b1',
        models: [],
      },
    ],
    defaultRef: 'anthropic/claude-sonnet-4-5',
    lastUsedRef: 'ollama/qwen2.5-coder:32b',
    embeddingRef: 'ollama/nomic-embed-text',
    assignments: { codex: 'ollama/qwen2.5-coder:32b' },
    usableRefs: ['anthropic/claude-sonnet-4-5', 'anthropic/claude-opus-4-1', 'ollama/qwen2.5-coder:32b'],
    types: [
      { id: 'openai', label: 'OpenAI', defaultBaseUrl: 'https://api.openai.com/v1', baseUrlRequired: false, auth: 'apiKey', optionFamily: 'openai' },
      { id: 'anthropic', label: 'Anthropic', defaultBaseUrl: 'https://api.anthropic.com/v1', baseUrlRequired: false, auth: 'apiKey', optionFamily: 'anthropic' },
      { id: 'gemini', label: 'Google AI (Gemini)', defaultBaseUrl: 'https://generativelanguage.googleapis.com/v1beta', baseUrlRequired: false, auth: 'apiKey', optionFamily: 'gemini' },
      { id: 'azure-openai', label: 'Azure OpenAI', baseUrlHint: 'https://<resource>.openai.azure.com/openai', baseUrlRequired: true, auth: 'apiKey', optionFamily: 'openai', modelIdMeaning: 'deployment name' },
      { id: 'bedrock', label: 'Amazon Bedrock', baseUrlHint: 'https://bedrock-runtime.<region>.amazonaws.com', baseUrlRequired: false, auth: 'aws', optionFamily: 'anthropic' },
      { id: 'openai-compatible', label: 'OpenAI-compatible', baseUrlHint: 'http://127.0.0.1:8000/v1', baseUrlRequired: true, auth: 'apiKey', optionFamily: 'openai' },
      { id: 'openrouter', label: 'OpenRouter', defaultBaseUrl: 'https://openrouter.ai/api/v1', baseUrlRequired: false, auth: 'apiKey', optionFamily: 'openrouter' },
      { id: 'ollama', label: 'Ollama', defaultBaseUrl: 'http://localhost:11434/v1', baseUrlRequired: false, auth: 'optionalKey', optionFamily: 'openai' },
      { id: 'codex', label: 'Codex (ChatGPT sign-in)', defaultBaseUrl: 'https://chatgpt.com/backend-api/codex', baseUrlRequired: false, auth: 'oauth', optionFamily: 'openai' },
    ],
    agents: [
      {
        id: 'claude-code', label: 'Claude Code', configurable: true, revertible: true,
        detection: { cli: '/usr/local/bin/claude', extension: 'anthropic.claude-code', configFolder: '/home/dev/.claude' },
        lastApplied: { time: '2026-11-23T14:02:00.000Z', ref: 'anthropic/claude-sonnet-4-5', model: 'Claude Sonnet 4.5 · Anthropic', delivery: 'helper', pickup: 'new-session' },
      },
      {
        id: 'codex', label: 'Codex CLI', configurable: true, revertible: false, detection: { cli: '/usr/local/bin/codex' },
        problem: 'Codex CLI speaks only OpenAI Responses, and “Anthropic” speaks Anthropic Messages; its config was left unchanged.',
      },
      { id: 'gemini-cli', label: 'Gemini CLI', configurable: true, revertible: false, detection: {} },
      {
        id: 'opencode', label: 'OpenCode', configurable: true, revertible: true, detection: { configFolder: '/home/dev/.config/opencode' },
        lastApplied: { time: '2026-11-23T14:02:00.000Z', ref: 'anthropic/claude-sonnet-4-5', model: 'Claude Sonnet 4.5 · Anthropic', delivery: 'env', pickup: 'restart' },
      },
      { id: 'cline', label: 'Cline', configurable: false, revertible: false, detection: { extension: 'saoudrizwan.claude-dev' } },
      { id: 'vscode-chat', label: 'VS Code chat', configurable: false, revertible: false, detection: { builtIn: true } },
    ],
    modelForm: { fields: modelFields },
    optionForms: {
      anthropic: {
        fields: [
          { key: 'options.thinkingBudgetTokens', label: 'Thinking budget', control: 'number', required: false, integer: true, min: 1024, max: 128_000, unit: 'tokens', hint: '≥ 1,024', description: 'Tokens the model may spend on extended thinking.' },
          { key: 'options.effort', label: 'Effort', control: 'segmented', required: false, options: ['low', 'medium', 'high', 'max'], description: 'How much effort the model spends on a reply.' },
        ],
      },
      openai: {
        fields: [
          { key: 'options.reasoningEffort', label: 'Reasoning effort', control: 'segmented', required: false, options: effort, description: 'For reasoning models: how long the model thinks.' },
          { key: 'options.maxCompletionTokens', label: 'Max completion tokens', control: 'number', required: false, integer: true, min: 1, unit: 'tokens' },
          { key: 'options.parallelToolCalls', label: 'Parallel tool calls', control: 'segmented', required: false, options: bool, description: 'Let the model call several tools in one turn.' },
        ],
      },
      openrouter: {
        fields: [
          { key: 'options.reasoningEnabled', label: 'Reasoning enabled', control: 'toggle', required: false },
          { key: 'options.reasoningEffort', label: 'Reasoning effort', control: 'dropdown', required: false, options: effort },
          { key: 'options.providerOrder', label: 'Provider order', control: 'json', required: false, description: 'Upstream providers to try first, e.g. ["anthropic"].' },
        ],
      },
      gemini: { fields: [{ key: 'options.thinkingBudget', label: 'Thinking budget', control: 'number', required: false, integer: true, min: -1, max: 32_768 }] },
    },
  };
}
