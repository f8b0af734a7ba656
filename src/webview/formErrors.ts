/** Places the host's fieldErrors beside the fields the form shows; the rest become form-level messages. */
import type { ResultMessage } from '../protocol/messages';

export interface Feedback {
  /** Field key → message, only for keys the form renders. */
  errors: Record<string, string>;
  /** Messages with no visible field: the result's message and unplaced field errors. */
  messages: string[];
  conflict: boolean;
}

export const noFeedback: Feedback = { errors: {}, messages: [], conflict: false };

/**
 * "headers.X Bad" lands on "headers" and "options.safetySettings.0.category" on
 * "options.safetySettings": the longest shown key that is a dotted prefix wins.
 */
export function placeKey(key: string, shownKeys: readonly string[]): string | undefined {
  if (shownKeys.includes(key)) return key;
  let best: string | undefined;
  for (const shown of shownKeys) {
    if (key.startsWith(`${shown}.`) && (!best || shown.length > best.length)) best = shown;
  }
  return best;
}

export function feedbackFrom(result: ResultMessage, shownKeys: readonly string[]): Feedback {
  const errors: Record<string, string> = {};
  const messages: string[] = [];
  for (const [key, text] of Object.entries(result.fieldErrors ?? {})) {
    const placed = placeKey(key, shownKeys);
    if (placed) errors[placed] = errors[placed] ? `${errors[placed]} ${text}` : text;
    else messages.push(key ? `${key}: ${text}` : text);
  }
  // The message is shown unless it only repeats an inline error.
  if (result.message && !result.conflict && !Object.values(errors).includes(result.message)) messages.unshift(result.message);
  if (!result.ok && !result.conflict && messages.length === 0 && Object.keys(errors).length === 0) messages.push('The change was not saved.');
  return { errors, messages, conflict: result.conflict === true };
}
