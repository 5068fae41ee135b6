import descriptor from './pm.json';

/** The shape of a moddle package descriptor, as bpmn-moddle and bpmn-js take it in `moddleExtensions`. */
export interface ModdlePackageDescriptor {
  name: string;
  uri: string;
  prefix: string;
  xml?: { tagAlias?: string };
  associations: unknown[];
  enumerations: unknown[];
  types: Array<{
    name: string;
    isAbstract?: boolean;
    extends?: string[];
    superClass?: string[];
    properties: Array<{ name: string; isAttr?: boolean; type: string; isMany?: boolean }>;
  }>;
}

/**
 * Our BPMN extension namespace. The modeler, the config linter and the engine all read diagrams through this
 * one descriptor, so an attribute added here is understood everywhere at once. moddle rewrites a descriptor
 * it registers, so hand it `structuredClone(pmModdleDescriptor)`.
 */
export const pmModdleDescriptor: ModdlePackageDescriptor = descriptor;

export const PM_NAMESPACE_URI = descriptor.uri;
export const PM_PREFIX = descriptor.prefix;
