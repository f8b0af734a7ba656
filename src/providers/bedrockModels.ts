/**
 * Which Bedrock models the gateway routes: Anthropic (Claude) ones, whose InvokeModel body is
 * the Anthropic Messages body the gateway already speaks. Other families (Nova, Llama,
 * Mistral…) each take a body of their own, so they are refused by name. One rule, used by the
 * route table, the agents' gateway planning and the gateway itself.
 */

/** A cross-region inference profile prefixes the model id with its geography. */
const profilePrefix = /^(?:us|eu|apac|global|us-gov|jp|au)\./;

/** Whether a Bedrock model id (or inference profile id) names an Anthropic model. */
export function isBedrockAnthropic(modelId: string): boolean {
  return modelId.replace(profilePrefix, '').startsWith('anthropic.');
}

/** Why the gateway will not route to this Bedrock model, or undefined when it will. */
export function bedrockRefusal(modelId: string): string | undefined {
  if (isBedrockAnthropic(modelId)) return undefined;
  return `The model “${modelId}” on Amazon Bedrock is not an Anthropic model: only Anthropic (Claude) models on Bedrock go through Switchboard's gateway. Pick a Claude model (anthropic.… or an inference profile such as us.anthropic.…).`;
}
