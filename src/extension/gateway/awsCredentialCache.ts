/**
 * Bedrock profile credentials for the gateway, resolved by the AWS SDK's chain (in the network
 * bundle, loaded on first use) and kept until shortly before they expire, so a request signs
 * at once. Long-term keys from a profile are re-read now and then, so an edited credentials
 * file takes effect. Concurrent requests share one resolution. Never logged.
 */
import type { ProfileCredentials } from '../../providers/connect/awsProfile';
import type { AwsCredentials } from '../../gateway/sigv4';

/** Renew temporary credentials this long before they expire: a long stream must not outlive them mid-signing. */
const renewBeforeMs = 5 * 60_000;
/** Credentials without an expiry are re-read after this long. */
const staticForMs = 10 * 60_000;

export interface ProfileSource {
  /** The provider's profile and region, when it is a Bedrock provider that signs in with a profile. */
  profileOf(providerId: string): { readonly profile: string; readonly region: string } | undefined;
  /** Resolves through `providerId`'s network settings (proxy, CA file). */
  resolve(profile: string, region: string, providerId: string): Promise<ProfileCredentials>;
  now?(): number;
}

interface Entry {
  readonly until: number;
  readonly value: Promise<AwsCredentials>;
}

export class AwsCredentialCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly source: ProfileSource) {}

  async get(providerId: string): Promise<AwsCredentials | undefined> {
    const p = this.source.profileOf(providerId);
    if (!p) return undefined;
    // Per provider too: each resolves through its own network settings (proxy, CA file).
    const key = `${providerId}\n${p.profile}\n${p.region}`;
    const now = this.source.now?.() ?? Date.now();
    const found = this.entries.get(key);
    if (found && found.until > now) return found.value;
    const value = this.source.resolve(p.profile, p.region, providerId).then(
      (c) => {
        const until = c.expiration ? c.expiration.getTime() - renewBeforeMs : (this.source.now?.() ?? Date.now()) + staticForMs;
        this.entries.set(key, { until, value });
        return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}) };
      },
      (error: unknown) => {
        // A failure is not kept: the next request tries again (after `aws sso login`, say).
        if (this.entries.get(key)?.value === value) this.entries.delete(key);
        throw error;
      },
    );
    // While resolving, concurrent requests wait for the same answer.
    this.entries.set(key, { until: Number.POSITIVE_INFINITY, value });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
