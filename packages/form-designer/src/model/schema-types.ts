/** Formily JSON schema as plain data: what forms/<id>/form.json holds under `schema`. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface SchemaNode {
  type?: string;
  title?: string;
  description?: string;
  default?: Json;
  required?: boolean | string[] | string;
  enum?: Json[];
  minimum?: number | string;
  maximum?: number | string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  'x-component'?: string;
  'x-component-props'?: JsonObject;
  'x-decorator'?: string;
  'x-decorator-props'?: JsonObject;
  'x-reactions'?: Json;
  'x-read-only'?: boolean;
  'x-validator'?: Json;
  [key: string]: Json | SchemaNode | Record<string, SchemaNode> | undefined;
}

/** A form as the repository stores it and the designer edits it: metadata plus the Formily schema. */
export interface DesignedForm {
  id: string;
  title: string;
  version: string | number;
  schemaVersion: 1;
  schema: SchemaNode;
  [key: string]: unknown;
}

/** Where a node sits: the property keys from the root (a table's row fields follow the table's key). */
export type NodePath = readonly string[];
