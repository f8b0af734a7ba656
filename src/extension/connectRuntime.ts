/**
 * The network machinery (undici, the openai and anthropic SDKs, and @aws-sdk/client-bedrock
 * on demand), bundled as dist/connect.js and loaded on the first Test Connection or Refresh
 * Models, so none of it counts against activation.
 */
export { runListModels, runTestConnection, runTestEmbedding } from '../providers/connect/operations';
export { fetchTeamText } from '../providers/team/fetchTeamSource';
export { resolveAwsProfile } from '../providers/connect/awsProfile';
