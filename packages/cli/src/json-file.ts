import path from 'node:path';

/**
 * JSON as the repository keeps it: formatted by the repository's prettier when it is installed (a
 * development checkout), so exported files pass `prettier --check`; plain two-space JSON otherwise.
 */
export async function formatJson(value: unknown, file: string): Promise<string> {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(file)) ?? {};
    return await prettier.format(text, { ...options, filepath: path.resolve(file) });
  } catch {
    return text;
  }
}
