/**
 * Where a reasoning signature came from, and where it may go. A signature (Anthropic thinking
 * signature or redacted_thinking data, Responses encrypted_content, Converse reasoning
 * signature) is verified by the vendor that made it and refused by every other: Anthropic
 * answers 400 "Invalid `signature` in `thinking` block", OpenAI 400 invalid_encrypted_content
 * (openai/codex#8145). The model can be switched mid-session and agents resend the whole
 * history, so one foreign signature would fail every later request.
 *
 * A signature handed to a client of another family is wrapped as `sbsig1.<family>.<original>`
 * (a '.' is in no vendor's base64 alphabet, so an unwrapped one never reads as a wrapper).
 * Back from the client, an unwrapped signature is the client protocol's own family's, a wrapped
 * one its wrapper's; it goes upstream, unwrapped, only to the family that made it, and the
 * reasoning it signs is dropped everywhere else: each builder already drops reasoning it cannot
 * send (anthropic.ts, openaiResponses.ts, openaiChat.ts, converse.ts, geminiBuild.ts).
 * A malformed wrapper reads as foreign. Same-protocol pass-through wraps nothing, so histories
 * made without the gateway stay as they were. Signatures are never logged.
 */
import type { GatewayProtocol, UpstreamProtocol } from '../translator';
import type { IrEvent, IrMessage, IrPart, IrRequest, IrResponse } from './ir';
import type { IrEncoder } from './pipeline';

/**
 * Whose signatures verify where. Anthropic Messages and Bedrock InvokeModel with Claude are one
 * family: one protocol here, and Bedrock's Claude guide ("Thinking encryption") documents the
 * same signature field. Chat Completions carries no signatures.
 */
export type SignatureFamily = 'anthropic' | 'openai-responses' | 'bedrock-converse' | 'gemini';

const families: Record<UpstreamProtocol, SignatureFamily | undefined> = {
  'anthropic-messages': 'anthropic',
  'openai-responses': 'openai-responses',
  'bedrock-converse': 'bedrock-converse',
  gemini: 'gemini',
  'openai-chat': undefined,
};

export function signatureFamily(protocol: UpstreamProtocol): SignatureFamily | undefined {
  return families[protocol];
}

const PREFIX = 'sbsig1.';
const known = new Set<string>(Object.values(families).filter((f) => f !== undefined));
/** Past the longest family name a wrapper is malformed; no scan runs further. */
const MAX_FAMILY = 24;

export function wrapSignature(family: SignatureFamily, signature: string): string {
  return signature ? PREFIX + family + '.' + signature : signature;
}

/** Who made a signature a client sent, and the original; undefined for a malformed wrapper. */
export function readSignature(value: string, clientFamily: SignatureFamily | undefined): { family: SignatureFamily; signature: string } | undefined {
  if (!value.startsWith(PREFIX)) return clientFamily && value ? { family: clientFamily, signature: value } : undefined;
  const dot = value.slice(PREFIX.length, PREFIX.length + MAX_FAMILY + 1).indexOf('.');
  if (dot < 0) return undefined;
  const family = value.slice(PREFIX.length, PREFIX.length + dot);
  const signature = value.slice(PREFIX.length + dot + 1);
  // Nothing the gateway made wraps twice: a wrapper inside is malformed.
  return known.has(family) && signature && !signature.startsWith(PREFIX) ? { family: family as SignatureFamily, signature } : undefined;
}

/** The signature to send an upstream of family `to`, or undefined when another family made it. */
export function signatureFor(value: string, clientFamily: SignatureFamily | undefined, to: SignatureFamily | undefined): string | undefined {
  const read = to && readSignature(value, clientFamily);
  return read && read.family === to ? read.signature : undefined;
}

// ---------------------------------------------------------------------------------------------
// Translated requests and replies

/** A client's request for an upstream: signed reasoning only where its maker reads it. */
export function routeSignatures(ir: IrRequest, client: UpstreamProtocol, upstream: UpstreamProtocol): IrRequest {
  const from = signatureFamily(client);
  const to = signatureFamily(upstream);
  let changed = false;
  const messages = ir.messages.map((m): IrMessage => {
    if (!m.content.some((p) => p.type === 'reasoning' && p.signature !== undefined)) return m;
    changed = true;
    const content: IrPart[] = [];
    for (const p of m.content) {
      if (p.type !== 'reasoning' || p.signature === undefined) content.push(p);
      else {
        const signature = signatureFor(p.signature, from, to);
        if (signature !== undefined) content.push(signature === p.signature ? p : { ...p, signature });
      }
    }
    return { ...m, content };
  });
  return changed ? { ...ir, messages } : ir;
}

/** Whether what `upstream` signs must be wrapped for a client of `client`. */
function wraps(upstream: UpstreamProtocol, client: UpstreamProtocol): SignatureFamily | undefined {
  const family = signatureFamily(upstream);
  return family !== undefined && family !== signatureFamily(client) ? family : undefined;
}

/** An upstream's whole reply for a client: signatures wrapped when the client's family differs. */
export function wrapReplySignatures(r: IrResponse, upstream: UpstreamProtocol, client: UpstreamProtocol): IrResponse {
  const family = wraps(upstream, client);
  if (!family || !r.content.some((p) => p.type === 'reasoning' && p.signature)) return r;
  return { ...r, content: r.content.map((p) => (p.type === 'reasoning' && p.signature ? { ...p, signature: wrapSignature(family, p.signature) } : p)) };
}

/**
 * The same for a stream, event by event. A block's signature may come in several deltas that
 * the client joins, so only its first carries the prefix; nothing is held back.
 */
export function wrapStreamSignatures(encoder: IrEncoder, upstream: UpstreamProtocol, client: UpstreamProtocol): IrEncoder {
  const family = wraps(upstream, client);
  if (!family) return encoder;
  let prefixed = false;
  return {
    push(e: IrEvent): string {
      if (e.type === 'reasoning_signature') {
        if (prefixed || !e.signature) return encoder.push(e);
        prefixed = true;
        return encoder.push({ ...e, signature: wrapSignature(family, e.signature) });
      }
      if (e.type !== 'reasoning') prefixed = false;
      return encoder.push(e.type === 'redacted_reasoning' ? { ...e, data: wrapSignature(family, e.data) } : e);
    },
    fail: (message) => encoder.fail(message),
  };
}

// ---------------------------------------------------------------------------------------------
// Same-protocol pass-through

type Obj = Record<string, unknown>;

/** Each entry kept, replaced, or (undefined) dropped; the list is copied only when one changes. */
function scrub(list: readonly unknown[], one: (x: Obj) => Obj | undefined): readonly unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    const y = x !== null && typeof x === 'object' ? one(x as Obj) : x;
    if (y !== x && !out) out = list.slice(0, i);
    if (out && y !== undefined) out.push(y);
  }
  return out ?? list;
}

/** A field holding a signature the gateway wrapped: unwrapped for its own family, else undefined (drop). */
function unwrapField(x: Obj, key: string, family: SignatureFamily): Obj | undefined {
  const v = x[key];
  if (typeof v !== 'string' || !v.startsWith(PREFIX)) return x;
  const signature = signatureFor(v, family, family);
  return signature === undefined ? undefined : { ...x, [key]: signature };
}

function anthropicBlock(b: Obj): Obj | undefined {
  return b.type === 'thinking' ? unwrapField(b, 'signature', 'anthropic') : b.type === 'redacted_thinking' ? unwrapField(b, 'data', 'anthropic') : b;
}

function anthropicMessage(m: Obj): Obj | undefined {
  if (!Array.isArray(m.content)) return m;
  const content = scrub(m.content, anthropicBlock);
  if (content === m.content) return m;
  return content.length > 0 ? { ...m, content } : undefined;
}

const blocks = (c: unknown): unknown[] => (Array.isArray(c) ? c : typeof c === 'string' && c ? [{ type: 'text', text: c }] : []);

/** A turn that held only foreign thinking is gone: the turns either side of it join, as roles must alternate. */
function anthropicMessages(list: readonly unknown[]): readonly unknown[] {
  const out = scrub(list, anthropicMessage);
  if (out.length === list.length) return out;
  const joined: Obj[] = [];
  for (const m of out as Obj[]) {
    const last = joined[joined.length - 1];
    if (last && m && typeof m === 'object' && last.role === m.role) joined[joined.length - 1] = { ...last, content: [...blocks(last.content), ...blocks(m.content)] };
    else joined.push(m);
  }
  return joined;
}

function responsesItem(it: Obj): Obj | undefined {
  // With store: false a reasoning item without its encrypted_content cannot be read back: it goes whole.
  return it.type === 'reasoning' ? unwrapField(it, 'encrypted_content', 'openai-responses') : it;
}

/**
 * A pass-through body's history may hold what the gateway wrapped for this client while
 * another family answered: unwrapped for the upstream when it made it, dropped otherwise.
 * Unwrapped signatures are the client's own and stay as they are.
 */
export function scrubPassthroughSignatures(protocol: GatewayProtocol, body: Obj): void {
  if (protocol === 'anthropic-messages' && Array.isArray(body.messages)) body.messages = anthropicMessages(body.messages);
  else if (protocol === 'openai-responses' && Array.isArray(body.input)) body.input = scrub(body.input, responsesItem);
}
