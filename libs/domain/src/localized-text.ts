/** A user-facing label or message in both languages the product ships with. */
export interface LocalizedText {
  readonly ja: string;
  readonly en: string;
}
