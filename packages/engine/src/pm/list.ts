/**
 * Splits a comma-separated attribute such as `pm:candidateRoles` or `pm:reviewPoints`. Chinese commas and
 * the enumeration comma are accepted too, because reviewers type these lists with a Chinese input method.
 */
export function parseList(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(/[,，、]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}
