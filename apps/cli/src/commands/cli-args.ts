/** Command-line options of `pdca import` and `pdca tenant`. */
export class UsageError extends Error {}

export type Options = Record<string, string | true>;

/**
 * `--opt value`, `--opt=value` and bare `flags`; an option that is neither a flag nor one of
 * `values` is refused. Positional words are returned apart.
 */
export function parseOptions(
  args: readonly string[],
  flags: readonly string[],
  values: readonly string[],
): { options: Options; words: string[] } {
  const options: Options = {};
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq === -1 ? arg : arg.slice(0, eq)).slice(2);
    if (flags.includes(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      options[name] = true;
      continue;
    }
    if (!values.includes(name)) throw new UsageError(`unknown option --${name}`);
    if (eq !== -1) {
      options[name] = arg.slice(eq + 1);
      continue;
    }
    const next = args[i + 1];
    if (next === undefined || next.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    options[name] = next;
    i++;
  }
  return { options, words };
}
