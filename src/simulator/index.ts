// The simulator's public surface (the only barrel under src/simulator/). Depends on node: built-ins only.
export { createSimulator } from './create-simulator.js';
export { describeSimulator } from './describe-simulator.js';
export { SimulatorInputError, SimulatorNotFoundError } from './core/errors.js';
export type {
  FaultSpec,
  HostawayObject,
  NewMessage,
  PageHook,
  PageHookAction,
  PageHookMatch,
  RateLimitOptions,
  ServedResponse,
  SimulatedAccount,
  Simulator,
  SimulatorOptions,
  SimulatorStats,
  ViewOptions,
} from './core/types.js';
