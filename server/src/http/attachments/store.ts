import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mongo, Types, type Connection } from 'mongoose';

/** What is kept with each file in GridFS (`attachments.files.metadata`). */
export interface AttachmentMeta {
  county: string;
  projectId: Types.ObjectId;
  instanceId: Types.ObjectId;
  taskId: Types.ObjectId;
  uploadedBy: string;
  contentType: string;
  label: string;
}

export interface AttachmentView {
  id: string;
  name: string;
  size: number;
  contentType: string;
  label: string;
  uploadedBy: string;
  uploadedAt: string;
  taskId: string;
  instanceId: string;
}

interface FileDoc {
  _id: Types.ObjectId;
  filename: string;
  length: number;
  uploadDate: Date;
  metadata: AttachmentMeta;
}

/** GridFS on the app's own connection: files stay in the same database (embedded store or replica set). */
export class AttachmentStore {
  constructor(private readonly db: Connection) {}

  private bucket(): mongo.GridFSBucket {
    if (!this.db.db) throw new Error('database not connected');
    return new mongo.GridFSBucket(this.db.db, { bucketName: 'attachments' });
  }

  async save(filename: string, content: Buffer, meta: AttachmentMeta): Promise<AttachmentView> {
    const upload = this.bucket().openUploadStream(filename, { metadata: meta });
    await pipeline(Readable.from([content]), upload);
    return view({
      _id: upload.id as Types.ObjectId,
      filename,
      length: content.length,
      uploadDate: new Date(),
      metadata: meta,
    });
  }

  async find(id: string): Promise<FileDoc | undefined> {
    if (!Types.ObjectId.isValid(id)) return undefined;
    const [doc] = await this.bucket()
      .find({ _id: new Types.ObjectId(id) })
      .toArray();
    return doc as unknown as FileDoc | undefined;
  }

  async listByInstance(instanceId: Types.ObjectId): Promise<AttachmentView[]> {
    const docs = await this.bucket()
      .find({ 'metadata.instanceId': instanceId }, { sort: { uploadDate: 1 } })
      .toArray();
    return (docs as unknown as FileDoc[]).map(view);
  }

  open(id: Types.ObjectId): NodeJS.ReadableStream {
    return this.bucket().openDownloadStream(id);
  }

  async remove(id: Types.ObjectId): Promise<void> {
    await this.bucket().delete(id);
  }
}

export function view(doc: FileDoc): AttachmentView {
  return {
    id: doc._id.toHexString(),
    name: doc.filename,
    size: doc.length,
    contentType: doc.metadata.contentType,
    label: doc.metadata.label,
    uploadedBy: doc.metadata.uploadedBy,
    uploadedAt: new Date(doc.uploadDate).toISOString(),
    taskId: String(doc.metadata.taskId),
    instanceId: String(doc.metadata.instanceId),
  };
}
