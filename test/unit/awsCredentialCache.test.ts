/** Bedrock profile credentials for the gateway: resolved once for concurrent requests (through the provider's network settings), kept until shortly before expiry, failures retried. */
import * as assert from 'node:assert/strict';
import { AwsCredentialCache, type ProfileSource } from '../../src/extension/gateway/awsCredentialCache';
import type { ProfileCredentials } from '../../src/providers/connect/awsProfile';

function fakeSource(answers: (ProfileCredentials | Error)[]) {
  let now = 1_000_000;
  const asked: string[] = [];
  const source: ProfileSource = {
    profileOf: (id: string) => (id === 'aws' ? { profile: 'dev', region: 'eu-west-1' } : undefined),
    resolve: async (profile: string, region: string) => {
      asked.push(`${profile}@${region}`);
      const next = answers.shift();
      if (!next) throw new Error('no more answers');
      if (next instanceof Error) throw next;
      return next;
    },
    now: () => now,
  };
  return { source, asked, advance: (ms: number) => (now += ms), at: () => now };
}

describe('AWS profile credential cache', () => {
  it('resolves once for concurrent requests and keeps temporary credentials until 5 minutes before they expire', async () => {
    const f = fakeSource([]);
    const expiration = new Date(f.at() + 60 * 60_000);
    f.source.resolve = async (profile, region, providerId) => {
      f.asked.push(`${profile}@${region} for ${providerId}`);
      return { accessKeyId: 'ASIAEXAMPLE0000000001', secretAccessKey: 's1', sessionToken: 't1', expiration };
    };
    const cache = new AwsCredentialCache(f.source);
    const [a, b] = await Promise.all([cache.get('aws'), cache.get('aws')]);
    assert.deepEqual(a, { accessKeyId: 'ASIAEXAMPLE0000000001', secretAccessKey: 's1', sessionToken: 't1' });
    assert.deepEqual(b, a);
    assert.deepEqual(f.asked, ['dev@eu-west-1 for aws'], 'resolved with the provider’s network settings');
    f.advance(54 * 60_000);
    await cache.get('aws');
    assert.equal(f.asked.length, 1, 'still fresh');
    f.advance(2 * 60_000);
    await cache.get('aws');
    assert.equal(f.asked.length, 2, 'renewed before expiry');
    assert.equal(await cache.get('other'), undefined, 'not a profile provider');
  });

  it('does not keep a failure, and re-reads long-term keys now and then', async () => {
    const f = fakeSource([new Error('The SSO session has expired.'), { accessKeyId: 'AKIAEXAMPLE000000001', secretAccessKey: 's' }, { accessKeyId: 'AKIAEXAMPLE000000002', secretAccessKey: 's' }]);
    const cache = new AwsCredentialCache(f.source);
    await assert.rejects(cache.get('aws'), /SSO session has expired/);
    assert.equal((await cache.get('aws'))?.accessKeyId, 'AKIAEXAMPLE000000001');
    f.advance(9 * 60_000);
    assert.equal((await cache.get('aws'))?.accessKeyId, 'AKIAEXAMPLE000000001');
    f.advance(2 * 60_000);
    assert.equal((await cache.get('aws'))?.accessKeyId, 'AKIAEXAMPLE000000002');
  });

  it('resolves per provider: two providers on one profile each go through their own network settings', async () => {
    const f = fakeSource([]);
    f.source.profileOf = (id) => (id === 'direct' || id === 'behind-proxy' ? { profile: 'dev', region: 'eu-west-1' } : undefined);
    f.source.resolve = async (profile, region, providerId) => {
      f.asked.push(`${profile}@${region} for ${providerId}`);
      if (providerId === 'behind-proxy') throw new Error('the proxy refused the CONNECT');
      return { accessKeyId: 'AKIAEXAMPLE000000001', secretAccessKey: 's' };
    };
    const cache = new AwsCredentialCache(f.source);
    await assert.rejects(cache.get('behind-proxy'), /proxy refused/);
    assert.equal((await cache.get('direct'))?.accessKeyId, 'AKIAEXAMPLE000000001', 'the other provider’s failure is not its own');
    assert.deepEqual(f.asked, ['dev@eu-west-1 for behind-proxy', 'dev@eu-west-1 for direct']);
  });
});
