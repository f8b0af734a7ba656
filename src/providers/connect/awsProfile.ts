/**
 * An AWS profile's credentials, through the AWS SDK's own chain (config and credentials files,
 * SSO, role assumption, credential_process), for the gateway to sign Bedrock calls with. Runs
 * in the extension host, in the network bundle; the gateway never loads the SDK.
 */
export interface ProfileCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** When temporary credentials stop working; absent for long-term keys. */
  readonly expiration?: Date;
}

export async function resolveAwsProfile(profile: string, region: string): Promise<ProfileCredentials> {
  const sdk = await import('@aws-sdk/client-bedrock');
  const client = new sdk.BedrockClient({ region, profile, maxAttempts: 1 });
  try {
    const c = await client.config.credentials();
    return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}), ...(c.expiration ? { expiration: c.expiration } : {}) };
  } finally {
    client.destroy();
  }
}
