import { createContext, useContext, type ReactNode } from 'react';

/** What a stored attachment looks like inside form data. */
export interface AttachmentRef {
  id: string;
  name: string;
  size: number;
  contentType?: string;
}

export interface OrgUnitOption {
  code: string;
  name: string;
  kind: string;
}

/**
 * What our fields need from the host app. The renderer knows no URLs or tokens: the web app provides these
 * (upload through the API, download with the session), so the same fields work in a designer preview.
 */
export interface FormServices {
  uploadAttachment?: (file: File) => Promise<AttachmentRef>;
  downloadAttachment?: (ref: AttachmentRef) => Promise<void>;
  orgUnits?: OrgUnitOption[];
  /** A print view: tables show every row in page flow instead of a scrolling window. */
  printing?: boolean;
}

const FormServicesContext = createContext<FormServices>({});

export function FormServicesProvider({ value, children }: { value: FormServices; children: ReactNode }) {
  return <FormServicesContext.Provider value={value}>{children}</FormServicesContext.Provider>;
}

export const useFormServices = () => useContext(FormServicesContext);
