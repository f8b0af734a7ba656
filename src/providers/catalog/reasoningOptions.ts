/**
 * A models.dev `reasoning_options` list → Switchboard's reasoning controls. Unknown kinds and
 * effort values are dropped, never failing the model; the usual options are read by hand and
 * only an unusual one goes through zod.
 */
import * as z from 'zod';
import { limits } from '../fields';
import { reasoningEfforts, type ReasoningControls, type ReasoningEffort } from '../modelCapabilities';
import { isRecord, isTokens } from './catalogChecks';

const tokens = z.int().positive().max(limits.contextMax);

const reasoningOption = z.discriminatedUnion('type', [
  z.object({ type: z.literal('toggle') }),
  z.object({ type: z.literal('effort'), values: z.array(z.unknown()).max(32) }),
  z.object({ type: z.literal('budget_tokens'), min: z.int().min(0).max(limits.contextMax).optional().catch(undefined), max: tokens.optional().catch(undefined) }),
]);
type ReasoningOption = z.infer<typeof reasoningOption>;

/** The fast path's check of one option; anything else goes through reasoningOption. */
function plainOption(o: unknown): o is ReasoningOption {
  if (!isRecord(o)) return false;
  if (o.type === 'toggle') return true;
  if (o.type === 'effort') return Array.isArray(o.values) && o.values.length <= 32;
  if (o.type !== 'budget_tokens') return false;
  return (o.min === undefined || (Number.isInteger(o.min) && (o.min as number) >= 0 && (o.min as number) <= limits.contextMax)) && (o.max === undefined || isTokens(o.max));
}

/** The first 16 options, in order; a later option of the same kind replaces an earlier one. */
export function reasoningControls(list: unknown[] | undefined): ReasoningControls | undefined {
  if (!list?.length) return undefined;
  let controls: ReasoningControls | undefined;
  // An index loop rather than slice/filter copies: this runs for most catalog models.
  for (let i = 0, n = Math.min(list.length, 16); i < n; i++) {
    const raw = list[i];
    let o: ReasoningOption;
    if (plainOption(raw)) o = raw;
    else {
      const option = reasoningOption.safeParse(raw);
      if (!option.success) continue;
      o = option.data;
    }
    if (o.type === 'toggle') (controls ??= {}).toggle = true;
    else if (o.type === 'effort') {
      // Ours is weakest first; the catalog's is not always ("max", "xhigh", "high").
      let count = 0;
      for (const e of reasoningEfforts) if (o.values.includes(e)) count++;
      if (count) {
        // Sized once: a pushed-to [] reserves 16 slots, for a list of 3 or 4.
        const effort = new Array<ReasoningEffort>(count);
        let at = 0;
        for (const e of reasoningEfforts) if (o.values.includes(e)) effort[at++] = e;
        (controls ??= {}).effort = effort;
      }
    } else {
      const budget: NonNullable<ReasoningControls['budget']> = {};
      if (o.min !== undefined) budget.min = o.min;
      if (o.max !== undefined && (o.min === undefined || o.max >= o.min)) budget.max = o.max;
      (controls ??= {}).budget = budget;
    }
  }
  return controls;
}
