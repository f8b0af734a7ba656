/**
 * Whether an HTTP error answer says the key itself was refused, as the providers document it.
 * Test Connection's classification and the gateway share it, so both read a refusal alike.
 */

/** AWS error types that mean the credentials themselves are wrong, missing or expired. */
const awsCredentialErrors = /UnrecognizedClientException|InvalidSignatureException|SignatureDoesNotMatch|ExpiredToken|MissingAuthenticationToken|IncompleteSignature|InvalidClientTokenId|API Key is valid/;

export interface ErrorAnswer {
  readonly status: number;
  /** The answer's body, or its start. */
  readonly body: string;
  /** Bedrock only: the AWS error type (x-amzn-errortype, or the SDK's exception names). */
  readonly awsError?: string;
}

/**
 * 401 everywhere (OpenAI, Anthropic, Azure, OpenRouter, DeepSeek…); a 400 that names the key
 * (Gemini answers an invalid or expired key with 400 API_KEY_INVALID); on Bedrock, a 403 whose
 * error type is a credentials one. Any other 403 is a permission (Anthropic's permission_error,
 * Gemini's PERMISSION_DENIED), which another key from the same vault item would not change.
 */
export function refusesKey({ status, body, awsError }: ErrorAnswer): boolean {
  if (status === 401) return true;
  if (status === 400) return /api[ _-]?key|credential|unauthenticated/i.test(body);
  return status === 403 && awsError !== undefined && awsCredentialErrors.test(`${awsError} ${body}`);
}
