// Placeholder created by SYNC so schema/index.ts can re-export it; AUDIT owns this file and fills it.
export {};
