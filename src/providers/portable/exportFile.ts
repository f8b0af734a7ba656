/**
 * The file "Export Providers" writes and "Import Providers", the CLI and team sources read:
 * providers, models, options, assignments and the default. Never a key: providers have no
 * key field and are strict, so a file that carries one (`apiKey`, `key`, …) does not parse.
 */
import * as z from 'zod';
import { agentIds } from '../agentCatalog';
import { refSchema } from '../document';
import { providerIdSchema, providerSchema } from '../provider';
import { formatRef } from '../refs';

export const exportFormat = 'switchboard.providers';
export const exportVersion = 1;

/** A shell variable name; a key would not pass (dashes, dots), and a name is not a secret. */
export const envVariableSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'An environment variable name is letters, digits and _, not starting with a digit.');

export const exportFileSchema = z
  .object({
    /** Editors may point at a JSON schema; ignored. */
    $schema: z.string().optional(),
    format: z.literal(exportFormat, `"format" must be "${exportFormat}".`),
    version: z.literal(exportVersion, `"version" must be ${exportVersion}; this Switchboard reads version ${exportVersion}.`),
    providers: z.array(providerSchema),
    defaultRef: refSchema.optional(),
    embeddingRef: refSchema.optional(),
    assignments: z.partialRecord(z.enum(agentIds), refSchema).default({}),
    /**
     * For the CLI only: the environment variable that holds each provider's key, by provider
     * id. A variable name, never a key; VS Code's import ignores it (keys go to SecretStorage).
     */
    keyEnv: z.record(providerIdSchema, envVariableSchema).optional(),
  })
  .strict()
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    file.providers.forEach((p, i) => {
      if (ids.has(p.id)) ctx.addIssue({ code: 'custom', path: ['providers', i, 'id'], message: `A second provider with id "${p.id}".` });
      ids.add(p.id);
    });
    const kinds = new Map(file.providers.flatMap((p) => p.models.map((m) => [formatRef(p.id, m.id) as string, m.kind] as const)));
    const check = (path: (string | number)[], ref: string | undefined, kind: 'chat' | 'embedding') => {
      if (ref === undefined) return;
      const found = kinds.get(ref);
      if (found === undefined) ctx.addIssue({ code: 'custom', path, message: `"${ref}" is not a model in this file.` });
      else if (found !== kind) ctx.addIssue({ code: 'custom', path, message: kind === 'chat' ? `"${ref}" is an embedding model; this needs a chat model.` : `"${ref}" is a chat model; the embedding model must be of kind embedding.` });
    };
    check(['defaultRef'], file.defaultRef, 'chat');
    check(['embeddingRef'], file.embeddingRef, 'embedding');
    for (const [agent, ref] of Object.entries(file.assignments)) check(['assignments', agent], ref, 'chat');
    for (const id of Object.keys(file.keyEnv ?? {})) {
      if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['keyEnv', id], message: `"${id}" is not a provider in this file.` });
    }
  });

export type ExportFile = z.infer<typeof exportFileSchema>;
