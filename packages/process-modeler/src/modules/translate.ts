import { translateZh } from './zh-cn';

/** Replaces diagram-js's `translate` service: every label of the modeler and its properties panel in Chinese. */
export const translateModule = { translate: ['value', translateZh] };
