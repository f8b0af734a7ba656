/**
 * Which Bedrock runtime API a model goes through: the one rule, used by the route table, the
 * agents' gateway planning and the gateway itself. Anthropic (Claude) models take InvokeModel,
 * whose body is the Anthropic Messages body the gateway already speaks, so every Anthropic
 * feature (thinking signatures, cache control, betas in the body) passes through. Every other
 * model (Nova, Llama, Mistral, DeepSeek, Cohere, AI21, Qwen, gpt-oss…) takes the Converse API,
 * which has one body for all of them; so do application inference profiles, whose ARN does
 * not say which model they reach.
 */

export type BedrockApi = 'invoke' | 'converse';

/** A cross-region inference profile prefixes the model id with its geography. */
const profilePrefix = /^(?:us|eu|apac|global|us-gov|jp|au)\./;

/** A foundation-model or system inference-profile ARN ends in the model id; an application profile's ends in an opaque id. */
const modelArn = /^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:(?:foundation-model|inference-profile)\/(.+)$/;

/** Whether a Bedrock model id (an inference profile id, or either's ARN) names an Anthropic model. */
export function isBedrockAnthropic(modelId: string): boolean {
  const id = modelArn.exec(modelId)?.[1] ?? modelId;
  return id.replace(profilePrefix, '').startsWith('anthropic.');
}

/** The runtime API the gateway calls for this Bedrock model id. */
export function bedrockApi(modelId: string): BedrockApi {
  return isBedrockAnthropic(modelId) ? 'invoke' : 'converse';
}
