import * as assert from 'node:assert/strict';
import { credentialHeaderWarning, looksLikeCredentialHeader } from '../../src/providers/credentialHeaders';

describe('credential-looking custom headers', () => {
  it('flags the names gateways and clouds use for credentials, in any case', () => {
    for (const name of ['Authorization', 'Proxy-Authorization', 'x-api-key', 'X-Goog-Api-Key', 'api-key', 'Helicone-Auth', 'cf-aig-authorization', 'X-Portkey-Api-Key', 'Cookie', 'X-Auth-Token', 'x_secret', 'X-Client-Key', 'apikey']) {
      assert.ok(looksLikeCredentialHeader(name), name);
    }
  });

  it('leaves ordinary headers alone', () => {
    for (const name of ['HTTP-Referer', 'X-Title', 'anthropic-version', 'anthropic-beta', 'OpenAI-Organization', 'OpenAI-Project', 'X-Team', 'X-User', 'Keep-Alive', 'Keycloak-Realm', 'X-Tokenizer', 'Idempotency-Key', 'X-Cache-Key', '']) {
      assert.equal(looksLikeCredentialHeader(name), false, name);
    }
  });

  it('names the header and says where its value goes, never reading a value', () => {
    const warning = credentialHeaderWarning('  X-Api-Key ');
    assert.match(warning ?? '', /^“X-Api-Key” looks like a credential\./);
    assert.match(warning ?? '', /plain text/);
    assert.match(warning ?? '', /Settings Sync/);
    assert.equal(credentialHeaderWarning('X-Title'), undefined);
  });
});
