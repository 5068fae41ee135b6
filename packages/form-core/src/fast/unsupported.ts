import { HostSignal } from '../expression/errors';

/**
 * The fast path met something it does not model (an expression reading `$self.parent`, a row that is not an
 * object…). The submission is then validated again by the plain Formily walk: never skipped.
 */
export class FastPathUnsupported extends HostSignal {
  constructor(readonly reason: string) {
    super(`快速校验不支持：${reason}`);
  }
}

/** Collects the first reason the fast path gave up during one submission (validators swallow throws). */
export class BailRecorder {
  reason: string | undefined;

  bail(reason: string): never {
    this.reason ??= reason;
    throw new FastPathUnsupported(reason);
  }
}
