/** An error whose message is written for the user: it says what is wrong and where. */
export class SwitchboardError extends Error {
  override readonly name = 'SwitchboardError';
}
