/** An account, reservation, listing or conversation that does not exist (control API: 404). */
export class SimulatorNotFoundError extends Error {
  override readonly name = 'SimulatorNotFoundError';
}

/** A mutation or option the simulator cannot apply (control API: 400). */
export class SimulatorInputError extends Error {
  override readonly name = 'SimulatorInputError';
}

/** `value`, or a SimulatorNotFoundError with `message` when it is undefined. */
export function found<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new SimulatorNotFoundError(message);
  return value;
}
