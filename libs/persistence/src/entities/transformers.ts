import { ValueTransformer } from 'typeorm';

// Yen amounts fit comfortably in a JS number (2^53 yen); pg returns bigint as a string.
export const bigintTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
