/** Command-line arguments: positionals and `--name value` / `--name=value` options, nothing more. */
export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string | true>;
}

export class UsageError extends Error {}

/** `flags` take no value (`--json`); every other known option takes one. */
export function parseArgs(
  argv: readonly string[],
  valued: readonly string[],
  flags: readonly string[] = [],
): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (!arg.startsWith('--') || arg === '--') {
      if (arg !== '--') positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (flags.includes(name)) {
      options.set(name, true);
    } else if (valued.includes(name)) {
      const value = inline ?? argv[++index];
      if (value === undefined || value === '') throw new UsageError(`选项 --${name} 需要一个值`);
      options.set(name, value);
    } else {
      throw new UsageError(`不认识的选项 --${name}`);
    }
  }
  return { positionals, options };
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  return typeof value === 'string' ? value : undefined;
}
