/**
 * The agent-config machinery (jsonc-parser, yaml, toml-patch and the adapters), bundled as
 * dist/agents.js and loaded on the first switch or revert, so the core stays small.
 */
export { applyAgentPlan, revertFiles } from '../agents/applyPlan';
export { listBackups } from '../agents/edit/backups';
export { nodeFileSystem } from '../agents/edit/nodeFileSystem';
export { planAgent, planSwitch, refForAgent } from '../agents/switchPlan';
export { adapterFor } from '../agents/registry';
