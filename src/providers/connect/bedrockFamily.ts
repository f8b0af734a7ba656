/**
 * Which request body a Bedrock embedding model takes. InvokeModel's body is the model's own
 * format, so Test Connection can only call the families whose format it knows. Pure, so the
 * host can tell which models are testable without loading the network bundle.
 */

export type BedrockEmbeddingFamily = 'titan' | 'cohere';

/** Titan's { inputText }, Cohere's { texts, input_type }, else undefined; a cross-region prefix is ignored. */
export function bedrockEmbeddingFamily(model: string): BedrockEmbeddingFamily | undefined {
  const base = model.replace(/^(us|eu|apac|global|us-gov)\./, '');
  if (base.startsWith('amazon.titan-embed')) return 'titan';
  if (base.startsWith('cohere.embed')) return 'cohere';
  return undefined;
}
