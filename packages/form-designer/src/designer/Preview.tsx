import { createForm } from '@formily/core';
import type { ISchema } from '@formily/json-schema';
import { StageForm, type FormServices } from '@pm/form-renderer';
import { Alert } from 'antd';
import { Component, useMemo, type ReactNode } from 'react';
import type { SchemaNode } from '../model/schema-types';

export interface PreviewProps {
  schema: SchemaNode;
  /** A filled record (the form's example) so the preview looks like a real submission. */
  example?: Record<string, unknown>;
  scope?: Record<string, unknown>;
  services?: FormServices;
  readPretty?: boolean;
}

class PreviewBoundary extends Component<
  { children: ReactNode; resetKey: string },
  { error?: string; key: string }
> {
  override state: { error?: string; key: string } = { key: this.props.resetKey };
  static getDerivedStateFromError(error: Error) {
    return { error: error.message };
  }
  static getDerivedStateFromProps(props: { resetKey: string }, state: { key: string }) {
    return props.resetKey === state.key ? null : { error: undefined, key: props.resetKey };
  }
  override render() {
    if (this.state.error)
      return <Alert type="error" showIcon message="预览失败" description={this.state.error} />;
    return this.props.children;
  }
}

/** The form rendered by the product's own renderer, filled with the example record. */
export function Preview({ schema, example, scope, services, readPretty }: PreviewProps) {
  const text = useMemo(() => JSON.stringify(schema), [schema]);
  // A new Formily form per schema: fields created by an older schema must not linger.
  const form = useMemo(
    () => createForm({ initialValues: structuredClone(example ?? {}), readPretty }),
    [text, example, readPretty],
  );
  return (
    <PreviewBoundary resetKey={text}>
      <StageForm key={text} form={form} schema={schema as ISchema} scope={scope} services={services} />
    </PreviewBoundary>
  );
}
