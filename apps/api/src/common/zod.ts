// One schema source: the Zod schemas of @meridian/domain validate the request and generate its
// OpenAPI description, so the two cannot drift.
import { Body, Param, Query, type PipeTransform } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { AppError, zodIssues } from './app-error';

export type OpenApiSchema = Record<string, unknown>;

export function toOpenApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): OpenApiSchema {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as OpenApiSchema;
}

/** Documents the success response from a view schema (see common/views.ts). */
export function ApiOk(schema: z.ZodType, status = 200, description = 'OK'): MethodDecorator & ClassDecorator {
  return ApiResponse({ status, description, schema: toOpenApiSchema(schema, 'output') });
}

export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly where?: string,
  ) {}
  transform(value: unknown): z.output<S> {
    const parsed = this.schema.safeParse(value ?? (this.where === 'body' ? undefined : {}));
    if (!parsed.success) {
      if (value === undefined && this.where === 'body') {
        throw AppError.validation([{ path: '', message: 'a JSON body is required', expected: 'object' }]);
      }
      throw AppError.validation(zodIssues(parsed.error, this.where === 'body' ? undefined : this.where));
    }
    return parsed.data;
  }
}

/** Validated JSON body, documented in OpenAPI from the same schema. */
export function ZBody(schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodPipe(schema, 'body'))(target, key, index);
    if (key !== undefined) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key) as PropertyDescriptor;
      ApiBody({ schema: toOpenApiSchema(schema) })(target, key, descriptor);
    }
  };
}

/** Validated query string (an object schema), one documented parameter per property. */
export function ZQuery(schema: z.ZodObject): ParameterDecorator {
  return (target, key, index) => {
    Query(new ZodPipe(schema, 'query'))(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key) as PropertyDescriptor;
    const json = toOpenApiSchema(schema) as { properties?: Record<string, OpenApiSchema>; required?: string[] };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      ApiQuery({ name, required: json.required?.includes(name) ?? false, schema: prop })(target, key, descriptor);
    }
  };
}

const ZPathId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an id of letters, digits, _ or -');

/** A path id: anything else answers 404 rather than reaching the database. */
export function IdParam(name: string): ParameterDecorator {
  return Param(name, {
    transform(value: unknown) {
      const parsed = ZPathId.safeParse(value);
      if (!parsed.success) throw AppError.notFound(name.replace(/Id$/, ''));
      return parsed.data;
    },
  });
}
