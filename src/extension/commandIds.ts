/** Every command the extension contributes; package.json lists the same ids. */
export const commandIds = [
  'switchboard.addProvider',
  'switchboard.editProvider',
  'switchboard.removeProvider',
  'switchboard.setApiKey',
  'switchboard.addModel',
  'switchboard.addModelFromCatalog',
  'switchboard.removeModel',
  'switchboard.setDefaultModel',
  'switchboard.setEmbeddingModel',
  'switchboard.selectModel',
  'switchboard.manageProviders',
  'switchboard.showLog',
  'switchboard.assignModelToAgent',
  'switchboard.revertAgentConfigs',
  'switchboard.plaintextKeys',
  'switchboard.signInWithChatGpt',
  'switchboard.signOutOfChatGpt',
  'switchboard.testConnection',
  'switchboard.refreshModels',
  'switchboard.rotateGatewayToken',
  'switchboard.showUsage',
  'switchboard.exportUsage',
  'switchboard.exportProviders',
  'switchboard.importProviders',
] as const;

export type CommandId = (typeof commandIds)[number];
