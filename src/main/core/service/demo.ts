import { startSimulator } from '../../../sim';
import type { Simulator, SimSize } from '../../../sim/types';
import type { DemoPort } from './ports';

export type SimulatorDemoOptions = {
  size?: SimSize;
  seed?: number;
  /** every rate-limit window this many times shorter, so the demo syncs in seconds (the client paces to match) */
  timeScale?: number;
  /** an already running simulator to serve the demo from (the web bridge starts its own) */
  simulator?: Simulator;
};

export const DEMO_DEFAULTS = { size: 'small' as SimSize, seed: 4242, timeScale: 30 };

/**
 * The demo account (E6): the bundled simulator on 127.0.0.1, started on first use and closed with the app. Its
 * key is minted at runtime on every start, which is why it is kept in memory only (DemoAwareSecretStore).
 */
export function simulatorDemo(
  opts: SimulatorDemoOptions = {},
): DemoPort & { close(): Promise<void>; simulator(): Simulator | null } {
  const timeScale = opts.timeScale ?? DEMO_DEFAULTS.timeScale;
  let sim: Simulator | null = opts.simulator ?? null;
  let starting: Promise<Simulator> | null = null;
  const owned = !opts.simulator;
  return {
    async ensure() {
      if (!sim) {
        starting ??= startSimulator({
          host: '127.0.0.1',
          port: 0,
          size: opts.size ?? DEMO_DEFAULTS.size,
          seed: opts.seed ?? DEMO_DEFAULTS.seed,
          timeScale,
        });
        try {
          sim = await starting;
        } finally {
          starting = null;
        }
      }
      const apiKey = sim.keys.full;
      if (!apiKey) throw new Error('the demo simulator has no full-access key');
      return { baseUrl: sim.baseUrl, apiKey, timeScale };
    },
    simulator: () => sim,
    async close() {
      if (sim && owned) await sim.close();
      sim = null;
    },
  };
}
