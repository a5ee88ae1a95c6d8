import {
  type CallHandler,
  createParamDecorator,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { AppConfig } from '@pdca/config';
import type { PlanFileFormat } from '@pdca/plan-import';
import type { Observable } from 'rxjs';
import { apiError, errorDetail } from '../common/errors/localized-error';
import type { ApiRequest } from '../common/http/request-context';
import { APP_CONFIG } from '../infrastructure/tokens';

/** The file of POST /plans/import, however it was sent. */
export interface PlanUpload {
  bytes: Uint8Array;
  /** The multipart file's name (raw bodies: none; the `fileName` option may give one). */
  fileName?: string;
  /** Raw bodies: the format the Content-Type names (text/csv → csv, …). */
  formatHint?: PlanFileFormat;
  /** Multipart form fields other than the file (the import options). */
  fields: Record<string, unknown>;
}

/** The form field that carries the file in a multipart upload. */
export const PLAN_FILE_FIELD = 'file';

const FORMAT_BY_CONTENT_TYPE: Readonly<Record<string, PlanFileFormat>> = {
  'text/csv': 'csv',
  'text/tab-separated-values': 'tsv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/json': 'json',
};

interface MulterFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

interface UploadRequest extends ApiRequest, AsyncIterable<Buffer> {
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  file?: MulterFile;
  readableEnded?: boolean;
  planUpload?: PlanUpload;
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.floor(bytes / 1024)} KiB`;
}

/** 413 with the configured limit, in both languages (multer stops reading at the limit). */
export function fileTooLarge(maxBytes: number): HttpException {
  const en = `The file is larger than the import limit of ${size(maxBytes)} (IMPORT_MAX_BYTES); nothing was imported.`;
  const ja = `ファイルが取込の上限（${size(maxBytes)}）を超えています。取込は行っていません。`;
  return apiError(
    HttpStatus.PAYLOAD_TOO_LARGE,
    { ja, en },
    {
      code: 'FILE_TOO_LARGE',
      details: [
        errorDetail('file', 'file_too_large', { ja, en }, { row: null, column: null, severity: 'error' }),
      ],
    },
  );
}

function uploadInvalid(detail: string): HttpException {
  return apiError(
    HttpStatus.BAD_REQUEST,
    {
      ja: `アップロードを読み取れませんでした（${detail}）。計画ファイルはマルチパートのフィールド「${PLAN_FILE_FIELD}」か、リクエスト本文として送信してください。`,
      en: `The upload could not be read (${detail}). Send the plan file as the multipart form field "${PLAN_FILE_FIELD}", or as the request body.`,
    },
    { code: 'UPLOAD_INVALID' },
  );
}

function contentTypeOf(req: UploadRequest): string {
  const raw = req.headers['content-type'];
  return (Array.isArray(raw) ? raw[0] : (raw ?? '')).split(';')[0].trim().toLowerCase();
}

/**
 * Takes the plan file from a multipart upload (NestJS's FileInterceptor, i.e. multer, held in memory
 * and cut off at IMPORT_MAX_BYTES → 413), from a JSON body (a JSON plan file; Express has parsed it,
 * within its 100 kB body limit), or from any other raw body (text/csv, TSV, xlsx, octet-stream),
 * read here up to the same limit. Runs after the role guard, so a refused caller's upload is never
 * read. The handler gets the result through `@UploadedPlanFile()`.
 */
@Injectable()
export class PlanUploadInterceptor extends FileInterceptor(PLAN_FILE_FIELD) implements NestInterceptor {
  private readonly maxBytes: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({ limits: { fileSize: config.importMaxBytes, files: 1, fields: 20, fieldSize: 64 * 1024 } });
    this.maxBytes = config.importMaxBytes;
  }

  override async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<UploadRequest>();
    const type = contentTypeOf(req);
    if (type === 'multipart/form-data') {
      let handled: Observable<unknown>;
      try {
        // Runs multer now; the route handler runs later, when the returned stream is subscribed.
        handled = await super.intercept(context, next);
      } catch (err) {
        throw this.multerError(err);
      }
      if (!req.file) throw uploadInvalid(`no form field "${PLAN_FILE_FIELD}" with a file`);
      const fields =
        req.body && typeof req.body === 'object' ? { ...(req.body as Record<string, unknown>) } : {};
      req.planUpload = { bytes: req.file.buffer, fileName: req.file.originalname || undefined, fields };
      return handled;
    }
    if (type === 'application/x-www-form-urlencoded') {
      throw apiError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        {
          ja: `計画ファイルは multipart/form-data（フィールド「${PLAN_FILE_FIELD}」）か、リクエスト本文そのものとして送信してください。`,
          en: `Send the plan file as multipart/form-data (field "${PLAN_FILE_FIELD}") or as the raw request body.`,
        },
        { code: 'UNSUPPORTED_MEDIA_TYPE' },
      );
    }
    const formatHint = FORMAT_BY_CONTENT_TYPE[type];
    if (type === 'application/json') {
      const bytes = Buffer.from(req.body === undefined ? '' : JSON.stringify(req.body), 'utf8');
      req.planUpload = { bytes, formatHint: 'json', fields: {} };
      return next.handle();
    }
    const bytes = await this.readRawBody(req);
    req.planUpload = { bytes, ...(formatHint ? { formatHint } : {}), fields: {} };
    return next.handle();
  }

  private async readRawBody(req: UploadRequest): Promise<Buffer> {
    if (req.readableEnded) return Buffer.alloc(0);
    const chunks: Buffer[] = [];
    let size = 0;
    // Past the limit the rest is drained, not kept, so the client still gets its 413 answer.
    for await (const chunk of req) {
      size += chunk.length;
      if (size <= this.maxBytes) chunks.push(chunk);
    }
    if (size > this.maxBytes) throw fileTooLarge(this.maxBytes);
    return Buffer.concat(chunks);
  }

  private multerError(err: unknown): unknown {
    if (!(err instanceof HttpException)) return err;
    if (err.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE) return fileTooLarge(this.maxBytes);
    if (err.getStatus() === HttpStatus.BAD_REQUEST) {
      const body = err.getResponse();
      const message =
        typeof body === 'object' &&
        body !== null &&
        typeof (body as { message?: unknown }).message === 'string'
          ? (body as { message: string }).message
          : err.message;
      return uploadInvalid(message);
    }
    return err;
  }
}

/** The plan file PlanUploadInterceptor took from the request. */
export const UploadedPlanFile = createParamDecorator(
  (_data: unknown, context: ExecutionContext): PlanUpload => {
    const upload = context.switchToHttp().getRequest<UploadRequest>().planUpload;
    if (!upload) throw new Error('UploadedPlanFile used without PlanUploadInterceptor');
    return upload;
  },
);
