/**
 * The file "Export Providers" writes and "Import Providers", the CLI and team sources read:
 * providers, models, options, assignments and the default. Never a key: providers have no
 * key field and are strict, so a file that carries one (`apiKey`, `key`, …) does not parse.
 */
import * as z from 'zod';
import { agentIds } from '../agentCatalog';
import { refSchema } from '../document';
import { providerSchema } from '../provider';
import { formatRef } from '../refs';

export const exportFormat = 'switchboard.providers';
export const exportVersion = 1;

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
  })
  .strict()
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    file.providers.forEach((p, i) => {
      if (ids.has(p.id)) ctx.addIssue({ code: 'custom', path: ['providers', i, 'id'], message: `A second provider with id "${p.id}".` });
      ids.add(p.id);
    });
    const refs = new Set(file.providers.flatMap((p) => p.models.map((m) => formatRef(p.id, m.id))));
    const check = (path: (string | number)[], ref: string | undefined) => {
      if (ref !== undefined && !refs.has(ref as `${string}/${string}`)) ctx.addIssue({ code: 'custom', path, message: `"${ref}" is not a model in this file.` });
    };
    check(['defaultRef'], file.defaultRef);
    check(['embeddingRef'], file.embeddingRef);
    for (const [agent, ref] of Object.entries(file.assignments)) check(['assignments', agent], ref);
  });

export type ExportFile = z.infer<typeof exportFileSchema>;
