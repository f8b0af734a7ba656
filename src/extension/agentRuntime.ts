/**
 * The agent-config machinery (jsonc-parser, yaml, toml-patch and the adapters), bundled as
 * dist/agents.js and loaded on the first switch or revert, so the core stays small.
 */
export { prepareAgentPlan, previewAgentPlan, revertFiles } from '../agents/applyPlan';
export { agentFootprints, detectAgent } from '../agents/detect';
export { findOnPath } from '../agents/findOnPath';
export { adapterFor } from '../agents/registry';
export { listBackups } from '../agents/edit/backups';
export { describeRevert, leftAlone } from '../agents/edit/revert';
export { nodeFileSystem } from '../agents/edit/nodeFileSystem';
export { maskedOffers, planAgent, planSwitch } from '../agents/switchPlan';
