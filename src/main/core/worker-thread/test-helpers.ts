/**
 * How a worker proves it leaves the calling thread free: a 5 ms timer keeps turning while `work` runs. Work done on
 * this thread lets it fire at most once, at the end; work in a worker lets it keep firing.
 */
export async function timerTurnsWhile<T>(work: () => Promise<T>): Promise<{ turns: number; value: T; ms: number }> {
  let turns = 0;
  let ticking = true;
  const tick = async () => {
    while (ticking) {
      await new Promise((r) => setTimeout(r, 5));
      turns++;
    }
  };
  const ticker = tick();
  const t = performance.now();
  let value: T;
  let ms: number;
  try {
    value = await work();
    ms = performance.now() - t;
  } finally {
    ticking = false;
    await ticker;
  }
  // counted once the ticker has stopped: the turn that was waiting when the work ended counts too
  return { turns, value, ms };
}
