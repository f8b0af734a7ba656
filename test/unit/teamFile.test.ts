/** The team file: what it accepts, what it refuses (keys above all), and that errors say where. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportFormat } from '../../src/providers/portable/exportFile';
import { findKeyFields } from '../../src/providers/team/keyFields';
import { parseTeamText, parseTeamValue, type TeamParse } from '../../src/providers/team/parseTeam';
import { formatPath } from '../../src/providers/team/teamPaths';

const env = { USER: 'ada' };

function teamFile(extra: Record<string, unknown> = {}, provider: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: exportFormat,
    version: 1,
    providers: [
      {
        id: 'proxy',
        name: 'Team proxy',
        type: 'openai-compatible',
        baseUrl: 'https://llm.example.com/v1',
        agents: ['codex'],
        auth: { kind: 'personalToken' },
        models: [
          { id: 'gpt-5', contextLimit: 400_000 },
          { id: 'gpt-5-mini', contextLimit: 400_000 },
          { id: 'qwen3', contextLimit: 128_000 },
        ],
        ...provider,
      },
    ],
    defaultRef: 'proxy/gpt-5',
    ...extra,
  };
}

function errorsOf(result: TeamParse): readonly string[] {
  assert.equal(result.ok, false, 'the file is refused');
  return result.ok ? [] : result.errors;
}

describe('team file', () => {
  it('reads the example in docs/ that the README shows', () => {
    const text = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'team-example.json'), 'utf8');
    const result = parseTeamText(text, { USER: 'ada', TEAM_LLM_TOKEN: 'tok' });
    assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
    assert.deepEqual(result.catalog.providers.map((p) => p.id), ['team-openai', 'team-anthropic']);
    assert.deepEqual(result.catalog.auth.get('team-anthropic'), { kind: 'env', variable: 'TEAM_LLM_TOKEN' });
    assert.equal(result.catalog.defaultRef, 'team-anthropic/claude-sonnet-4-5');
    assert.deepEqual(result.catalog.providers[0].headers, { 'X-Team-Id': 'payments', 'X-User': 'ada' });
    assert.equal(result.catalog.contact?.email, 'ai-platform@example.com');
  });

  it('is an export file plus auth and contact: auth defaults to a personal token, and models listed are the models enabled', () => {
    const file = teamFile({ contact: { name: 'Platform', url: 'https://wiki.example.com/ai' } }, { auth: undefined });
    const result = parseTeamValue(file, env);
    assert.ok(result.ok);
    assert.deepEqual(result.catalog.auth.get('proxy'), { kind: 'personalToken' });
    assert.deepEqual(result.catalog.providers[0].models.map((m) => m.id), ['gpt-5', 'gpt-5-mini', 'qwen3']);
    assert.equal('auth' in result.catalog.providers[0], false, 'the provider handed on has no auth field');
  });

  it('takes the three ways to authenticate, and names the field of a wrong one', () => {
    for (const auth of [{ kind: 'personalToken' }, { kind: 'env', variable: 'TEAM_LLM_TOKEN' }, { kind: 'none' }]) {
      const result = parseTeamValue(teamFile({}, { auth }), env);
      assert.ok(result.ok, JSON.stringify(auth));
      assert.deepEqual(result.catalog.auth.get('proxy'), auth);
    }
    assert.match(errorsOf(parseTeamValue(teamFile({}, { auth: { kind: 'env', variable: '1BAD' } }), env))[0], /^providers\[0\]\.auth\.variable: /);
    assert.match(errorsOf(parseTeamValue(teamFile({}, { auth: { kind: 'oauth' } }), env))[0], /^providers\[0\]\.auth\.kind: auth\.kind is "personalToken"/);
  });

  it('names the field of every problem, the way JSON reads', () => {
    const file = teamFile();
    ((file.providers as Record<string, unknown>[])[0].models as Record<string, unknown>[])[2].contextLimit = -5;
    const [error] = errorsOf(parseTeamValue(file, env));
    assert.match(error, /^providers\[0\]\.models\[2\]\.contextLimit: The context limit is at least 1 token\.$/);
    assert.match(errorsOf(parseTeamValue(teamFile({ defaultRef: 'proxy/gone' }), env))[0], /^defaultRef: "proxy\/gone" is not a model in this file\./);
    assert.match(errorsOf(parseTeamValue(teamFile({ format: 'other' }), env))[0], /^format: /);
    assert.match(errorsOf(parseTeamValue(teamFile({ assignments: { codex: 'proxy/gpt-5' } }), env))[0], /^assignments: A team file cannot assign/);
    assert.match(errorsOf(parseTeamValue(teamFile({ contact: { name: 'X', email: 'not-mail' } }), env))[0], /^contact\.email: /);
    assert.match(errorsOf(parseTeamText('{ "format": ', env))[0], /^The team file is not valid JSON: /);
  });

  it('refuses a file that carries a key anywhere, naming where and never echoing it', () => {
    const withKey = teamFile({}, { apiKey: 'sk-live-NEVER-ECHO' });
    const errors = errorsOf(parseTeamValue(withKey, env));
    assert.match(errors[0], /^providers\[0\]\.apiKey: a team file must not hold a key/);
    assert.doesNotMatch(errors.join('\n'), /NEVER-ECHO/);
    assert.deepEqual(findKeyFields({ a: { token: 'x' }, b: [{ secret: 1 }, { Client_Secret: 2 }], c: { key: 3 } }), ['a.token', 'b[0].secret', 'b[1].Client_Secret', 'c.key']);
    assert.deepEqual(findKeyFields(teamFile({}, { auth: { kind: 'personalToken', token: 'abc' } })), ['providers[0].auth.token']);
    assert.deepEqual(findKeyFields(teamFile({}, { headers: { Authorization: 'Bearer abc', 'X-Team-Id': 'payments' } })), ['providers[0].headers.Authorization']);
    assert.deepEqual(findKeyFields(teamFile()), [], 'contextLimit, maxOutputTokens and the like are not keys');
  });

  it('writes paths like providers[0].models[2].contextLimit', () => {
    assert.equal(formatPath(['providers', 0, 'models', 2, 'contextLimit']), 'providers[0].models[2].contextLimit');
    assert.equal(formatPath(['providers', 1, 'headers', 'X-User']), 'providers[1].headers.X-User');
    assert.equal(formatPath(['assignments', 'claude code']), 'assignments["claude code"]');
    assert.equal(formatPath([]), '(the file)');
  });
});
