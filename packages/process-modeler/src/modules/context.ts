/** What the host tells the modeler about the county: the choices our properties offer. */
export interface ModelerContext {
  /** The county's roles (`first-reviewer` → 初审), the only ones a task may name. */
  roles: { id: string; label: string }[];
  /** Forms a task may show. */
  forms: { id: string; title: string }[];
  /** Setting keys: `settings.<key>` in due dates must name one. */
  settingKeys: string[];
  /** Service handlers the server registers. */
  handlers: { id: string; label: string }[];
}

export const DEFAULT_HANDLERS: ModelerContext['handlers'] = [
  { id: 'setProjectStatus', label: '更新项目状态' },
  { id: 'notify', label: '发送通知' },
];

/**
 * A mutable holder registered as the `pmContext` service: roles and forms may arrive after the modeler is
 * built, and the properties panel reads them each time it renders.
 */
export class ModelerContextHolder {
  value: ModelerContext = { roles: [], forms: [], settingKeys: [], handlers: DEFAULT_HANDLERS };
}
