// One file part from a multipart upload, streamed (never buffered), for every upload route
// (dataset versions, external-run artifacts): the same 415/413/400/422 answers and the same
// guard against a body cut off mid-file.
import { PassThrough, type Readable } from 'node:stream';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from './app-error';

export interface FilePartLimits {
  /** Bytes the route accepts; one more reaches the store, which refuses it before anything is kept. */
  maxBytes: number;
  /** Text fields allowed besides the file part, and the size of each. */
  fields: number;
  fieldSize: number;
  /** What the request is, for the 415 message ("the file", "the artifact"). */
  what: string;
}

/** Reads up to the file part named "file" (with the text fields before it) or answers the client's mistake. */
export async function readFilePart(req: FastifyRequest, limits: FilePartLimits): Promise<MultipartFile> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send ${limits.what} as multipart/form-data with the file in a part named "file"`);
  let part: MultipartFile | undefined;
  try {
    part = await req.file({ limits: { fileSize: limits.maxBytes + 1, files: 1, fields: limits.fields, fieldSize: limits.fieldSize, parts: limits.fields + 2 } });
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 413) {
      throw new AppError('PAYLOAD_TOO_LARGE', `Too many parts or fields: send one file part named "file" and at most ${limits.fields} text field${limits.fields === 1 ? '' : 's'}`);
    }
    throw new AppError('BAD_REQUEST', `The multipart body could not be read: ${(e as Error).message}`);
  }
  if (!part) throw AppError.validation([{ path: 'file', message: 'is required' }], 'No file in the upload: put it in a part named "file"');
  if (part.fieldname !== 'file') {
    part.file.resume();
    throw AppError.validation([{ path: part.fieldname, message: 'unexpected file part; name it "file"' }]);
  }
  return part;
}

/**
 * The part's bytes through a stream that fails loudly when the body ends before the file does: the
 * multipart parser destroys the file stream without an error on a cut-off or interrupted upload, and
 * may do so before we start reading, so the store would otherwise wait forever.
 */
export function relayFile(part: MultipartFile): Readable {
  const file = part.file;
  const cutOff = 'the request body ended before the file did (interrupted upload or malformed multipart body)';
  if (file.destroyed && !file.readableEnded) throw new AppError('BAD_REQUEST', `The upload is incomplete: ${cutOff}; nothing was stored. Send the file again.`);
  const body = new PassThrough();
  file.on('error', (err) => body.destroy(err));
  file.on('close', () => {
    if (!file.readableEnded) body.destroy(new Error(cutOff));
  });
  file.pipe(body);
  return body;
}

type FieldPart = { type: 'field'; value: unknown };

/** The text fields sent before the file part, first value of each. */
export function fieldValues(fields: MultipartFile['fields']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, part] of Object.entries(fields)) {
    const first = Array.isArray(part) ? part[0] : part;
    if (first && (first as FieldPart).type === 'field') out[name] = (first as FieldPart).value;
  }
  return out;
}
