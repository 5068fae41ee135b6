/**
 * Attachments are evidence (佐证材料): scanned documents, office files, images. The declared content type
 * and extension are whatever the browser says, so the type is decided from the file's first bytes and
 * must agree with the extension; anything else is refused.
 */
export interface SniffedType {
  contentType: string;
  label: string;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

interface Kind {
  extensions: string[];
  contentType: string;
  label: string;
  matches: (head: Buffer) => boolean;
}

const startsWith = (head: Buffer, bytes: number[]) => bytes.every((b, i) => head[i] === b);

/** Plain text must be valid UTF-8 without control bytes (a renamed binary is not text). */
function isText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head);
    return true;
  } catch {
    // The sample may end inside a multi-byte character: retry without its last three bytes.
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 3)));
      return true;
    } catch {
      return false;
    }
  }
}

const KINDS: Kind[] = [
  {
    extensions: ['pdf'],
    contentType: 'application/pdf',
    label: 'PDF',
    matches: (h) => startsWith(h, [0x25, 0x50, 0x44, 0x46]),
  },
  {
    extensions: ['png'],
    contentType: 'image/png',
    label: 'PNG 图片',
    matches: (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47]),
  },
  {
    extensions: ['jpg', 'jpeg'],
    contentType: 'image/jpeg',
    label: 'JPEG 图片',
    matches: (h) => startsWith(h, [0xff, 0xd8, 0xff]),
  },
  {
    extensions: ['docx'],
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'Word 文档',
    matches: (h) => startsWith(h, ZIP),
  },
  {
    extensions: ['xlsx'],
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    label: 'Excel 表格',
    matches: (h) => startsWith(h, ZIP),
  },
  {
    extensions: ['ofd'],
    contentType: 'application/ofd',
    label: 'OFD 版式文件',
    matches: (h) => startsWith(h, ZIP),
  },
  {
    extensions: ['zip'],
    contentType: 'application/zip',
    label: '压缩包',
    matches: (h) => startsWith(h, ZIP),
  },
  {
    extensions: ['doc'],
    contentType: 'application/msword',
    label: 'Word 文档',
    matches: (h) => startsWith(h, OLE),
  },
  {
    extensions: ['xls'],
    contentType: 'application/vnd.ms-excel',
    label: 'Excel 表格',
    matches: (h) => startsWith(h, OLE),
  },
  { extensions: ['txt'], contentType: 'text/plain; charset=utf-8', label: '文本', matches: isText },
  { extensions: ['csv'], contentType: 'text/csv; charset=utf-8', label: 'CSV', matches: isText },
];

export const ALLOWED_EXTENSIONS = KINDS.flatMap((k) => k.extensions);

/** The file's type when its extension is allowed and its content agrees; undefined otherwise. */
export function sniffType(filename: string, head: Buffer): SniffedType | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  if (!extension) return undefined;
  const kind = KINDS.find((k) => k.extensions.includes(extension));
  if (!kind || !kind.matches(head.subarray(0, 4096))) return undefined;
  return { contentType: kind.contentType, label: kind.label };
}
