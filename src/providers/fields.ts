/** Field-level schemas shared by the palette flows, the webview forms and stored data. */
import * as z from 'zod';

export const limits = {
  nameMax: 256,
  urlMax: 2048,
  keyMax: 4096,
  modelIdMax: 256,
  contextMax: 100_000_000,
} as const;

export const providerNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a name.')
  .max(limits.nameMax, `A name has at most ${limits.nameMax} characters.`);

export const baseUrlSchema = z
  .string()
  .trim()
  .max(limits.urlMax, `A URL has at most ${limits.urlMax} characters.`)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Enter an absolute URL, such as https://api.example.com/v1.' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: `Use http or https, not ${url.protocol.replace(':', '')}.` });
    } else if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'Put credentials in the key, not in the URL.' });
    }
  });

export const apiKeySchema = z
  .string()
  .trim()
  .min(1, 'Enter a key.')
  .max(limits.keyMax, `A key has at most ${limits.keyMax} characters.`)
  .refine((v) => !/\s/.test(v), 'A key has no spaces or line breaks.');

/** The exact string sent to the provider; may contain "/" and ":" (OpenRouter, Ollama tags). */
export const modelIdSchema = z
  .string()
  .min(1, 'Enter a model id.')
  .max(limits.modelIdMax, `A model id has at most ${limits.modelIdMax} characters.`)
  .refine((v) => v === v.trim(), 'A model id has no leading or trailing spaces.')
  .refine((v) => !/[\s\u0000-\u001f]/.test(v), 'A model id has no spaces or control characters.');

export const contextLimitSchema = z
  .int('Enter a whole number of tokens.')
  .min(1, 'The context limit is at least 1 token.')
  .max(limits.contextMax, `The context limit is at most ${limits.contextMax.toLocaleString('en-US')} tokens.`);

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Header names are HTTP tokens; values may not smuggle in line breaks. */
export const headersSchema = z
  .record(z.string(), z.string().max(8192, 'A header value has at most 8192 characters.').refine((v) => !/[\r\n]/.test(v), 'A header value has no line breaks.'))
  .superRefine((headers, ctx) => {
    for (const name of Object.keys(headers)) {
      if (!headerName.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: `“${name}” is not a valid header name: use letters, digits and dashes.` });
    }
  });

/**
 * Parses a positive whole number typed by a user, allowing 128,000 / 128_000 / 128k / 1m.
 * Returns undefined when the text is not such a number.
 */
export function parseTokenCount(text: string): number | undefined {
  const m = /^\s*(\d+(?:[.,_]\d+)*)\s*([kKmM]?)\s*$/.exec(text);
  if (!m) return undefined;
  const unit = m[2].toLowerCase();
  const digits = m[1].replace(/[,_]/g, '');
  const value = Number(digits) * (unit === 'k' ? 1_000 : unit === 'm' ? 1_000_000 : 1);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** The first problem of a failed parse, as one sentence for an input box. */
export function firstMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid value.';
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return where + issue.message;
}
