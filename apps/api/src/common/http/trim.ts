import { Transform } from 'class-transformer';

/** Trims text before validation, so "   " is "required" rather than a name or reason of blanks. */
export function Trim(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
}
