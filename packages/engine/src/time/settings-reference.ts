const SETTINGS_REFERENCE = /^settings\.([A-Za-z_][A-Za-z0-9_]*)$/;

/** `settings.approvalDays` → `approvalDays`; anything else → null. */
export function parseSettingsReference(text: string): string | null {
  return SETTINGS_REFERENCE.exec(text.trim())?.[1] ?? null;
}
