/** The gateway's SigV4 signer: AWS's published test vector, and signatures the Bedrock double's verifier accepts. */
import * as assert from 'node:assert/strict';
import { amzDate, authorization, sha256Hex, signedHeaders } from '../../src/gateway/sigv4';
import { checkSigV4, parseSigV4 } from '../upstreams/sigv4';

const example = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('gateway SigV4 signer', () => {
  it('matches the AWS Signature Version 4 test suite (get-vanilla)', () => {
    const value = authorization({
      method: 'GET',
      host: 'example.amazonaws.com',
      path: '/',
      headers: { 'x-amz-date': '20150830T123600Z' },
      payloadHash: sha256Hex(''),
      region: 'us-east-1',
      service: 'service',
      credentials: example,
      amzDate: '20150830T123600Z',
    });
    assert.equal(value, 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
  });

  it('writes x-amz-date as AWS does', () => {
    assert.equal(amzDate(new Date('2015-08-30T12:36:00.123Z')), '20150830T123600Z');
  });

  const path = `/model/${encodeURIComponent('us.anthropic.claude-sonnet-4-5-20250929-v1:0')}/invoke-with-response-stream`;
  const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 5, messages: [{ role: 'user', content: 'hé' }] });
  const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

  function verify(headers: Record<string, string>, secret = creds.secretAccessKey, sentBody = body) {
    const auth = parseSigV4(headers.authorization);
    assert.ok(auth, headers.authorization);
    const all = { ...headers, host: 'bedrock-runtime.eu-west-1.amazonaws.com' };
    return { auth, problem: checkSigV4({ method: 'POST', url: path, headers: all, rawBody: sentBody }, auth, { accessKeyId: creds.accessKeyId, secretAccessKey: secret }) };
  }

  it('signs a Bedrock call the verifier accepts: host, date and payload hash signed, the path escaped twice', () => {
    const headers = signedHeaders({ method: 'POST', host: 'bedrock-runtime.eu-west-1.amazonaws.com', path, body }, 'eu-west-1', 'bedrock', creds);
    assert.equal(headers['x-amz-content-sha256'], sha256Hex(body));
    const { auth, problem } = verify(headers);
    assert.equal(problem, undefined);
    assert.deepEqual(auth.signedHeaders, ['host', 'x-amz-content-sha256', 'x-amz-date']);
    assert.deepEqual([auth.accessKeyId, auth.region, auth.service], [creds.accessKeyId, 'eu-west-1', 'bedrock']);
    assert.equal(verify(headers, 'another-secret').problem, 'signature mismatch');
  });

  it('signs the session token of temporary credentials', () => {
    const headers = signedHeaders({ method: 'POST', host: 'bedrock-runtime.eu-west-1.amazonaws.com', path, body }, 'eu-west-1', 'bedrock', { ...creds, sessionToken: 'FwoGZXIvYXdzEXAMPLE//token' });
    assert.equal(headers['x-amz-security-token'], 'FwoGZXIvYXdzEXAMPLE//token');
    const { auth, problem } = verify(headers);
    assert.equal(problem, undefined);
    assert.deepEqual(auth.signedHeaders, ['host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-security-token']);
    assert.equal(verify({ ...headers, 'x-amz-security-token': 'swapped' }).problem, 'signature mismatch');
  });
});
