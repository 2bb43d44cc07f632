/** One measurement printed by `npm run bench`; see bench/run.ts. */
export type BenchRow = {
  name: string;
  value: number;
  unit: string;
  /** measured in the same run, on the same machine */
  baseline?: { name: string; value: number };
  ratio?: number;
  goal?: string;
  pass?: boolean;
};
