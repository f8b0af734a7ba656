/**
 * The team file: the export file (providers, models, options, the default) plus what only a
 * team needs: how each developer authenticates to each provider (`auth`) and whom to ask
 * (`contact`). The models it lists are exactly the models developers can pick: listing a
 * model enables it, leaving it out disables it. Still never a key (see keyFields.ts).
 */
import * as z from 'zod';
import { exportFileSchema } from '../portable/exportFile';
import { providerSchema, type Provider } from '../provider';

export const envVariableSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'An environment variable name is letters, digits and _, not starting with a digit.');

/** How a developer authenticates to a managed provider. */
export const teamAuthSchema = z.discriminatedUnion(
  'kind',
  [
    /** Each developer enters their own token once; it goes to SecretStorage under the provider id. */
    z.object({ kind: z.literal('personalToken') }).strict(),
    /** The token is in this environment variable of the developer's machine. */
    z.object({ kind: z.literal('env'), variable: envVariableSchema }).strict(),
    /** No token: the proxy authenticates developers by network (mTLS, VPN, an identity-aware proxy). */
    z.object({ kind: z.literal('none') }).strict(),
  ],
  { error: 'auth.kind is "personalToken", "env" (with "variable") or "none".' },
);
export type TeamAuth = z.infer<typeof teamAuthSchema>;

/** Whom developers ask for another model or a token: a name, and an email address or a web page. */
export const teamContactSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the contact a name.').max(200),
    email: z.email('Enter an email address, like ai-platform@example.com.').max(320).optional(),
    url: z.url({ protocol: /^https?$/, error: 'Enter an http(s) URL.' }).max(2048).optional(),
  })
  .strict();
export type TeamContact = z.infer<typeof teamContactSchema>;

export type TeamProvider = Provider & { readonly auth: TeamAuth };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A provider of the export file with an `auth` beside it. The provider schema is a
 * discriminated union that cannot be extended, so `auth` is split off and each part is
 * validated by its own schema, issues keeping their paths (`auth.kind`, `models.2.contextLimit`).
 */
const teamProviderSchema = z.any().transform((raw: unknown, ctx): TeamProvider => {
  if (!isObject(raw)) {
    ctx.issues.push({ code: 'custom', message: 'A provider is an object with id, name, type and models.', input: raw });
    return z.NEVER;
  }
  const { auth, ...rest } = raw;
  const parsedAuth = teamAuthSchema.default({ kind: 'personalToken' }).safeParse(auth);
  const parsed = providerSchema.safeParse(rest);
  if (!parsedAuth.success) for (const issue of parsedAuth.error.issues) ctx.issues.push({ code: 'custom', message: issue.message, path: ['auth', ...issue.path], input: auth });
  if (!parsed.success) for (const issue of parsed.error.issues) ctx.issues.push({ code: 'custom', message: issue.message, path: [...issue.path], input: rest });
  if (!parsed.success || !parsedAuth.success) return z.NEVER;
  return { ...parsed.data, auth: parsedAuth.data };
});

export const teamFileSchema = exportFileSchema
  .safeExtend({
    /** Every provider developers may use; `auth` defaults to a personal token. */
    providers: z.array(teamProviderSchema),
    /** Shown where developers need help: no usable model, a refused edit. */
    contact: teamContactSchema.optional(),
  })
  .superRefine((file, ctx) => {
    // A model per agent is each developer's own choice (Assign Model to Agent).
    if (Object.keys(file.assignments).length) ctx.addIssue({ code: 'custom', path: ['assignments'], message: 'A team file cannot assign models to agents; leave "assignments" out.' });
  });

export type TeamFile = z.infer<typeof teamFileSchema>;
