/** A date (or a date string from a JSON column) as an ISO 8601 string in answers; null stays null. */
export const iso = (value: Date | string | null): string | null =>
  value ? new Date(value).toISOString() : null;
