import type { ExecutionResult, GraphQLError } from 'graphql';

interface FormatterContext {
  reply?: { request?: { id?: unknown } };
}

/**
 * Every GraphQL error carries a code and the request's correlation id in `extensions`, like the
 * REST error body. Errors our filter did not produce (syntax, unknown field) are the client's input;
 * anything else unexpected is reported without its message.
 */
export function graphqlErrorFormatter(execution: ExecutionResult & { statusCode?: number }, ctx: unknown) {
  const correlationId = String((ctx as FormatterContext)?.reply?.request?.id ?? '');
  const errors = (execution.errors ?? []).flatMap((e: GraphQLError) => {
    const nested = (e.originalError as { errors?: GraphQLError[] } | undefined)?.errors;
    return Array.isArray(nested) ? nested : [e];
  });
  const formatted = errors.map((e) => {
    const json = typeof e.toJSON === 'function' ? e.toJSON() : { message: e.message, locations: e.locations, path: e.path };
    const ext = (e.extensions ?? {}) as Record<string, unknown>;
    let code = typeof ext.code === 'string' ? ext.code : undefined;
    let message = json.message;
    if (!code) {
      // No code: a document the server could not validate (client input) or an unexpected throw.
      const fromResolver = e.path !== undefined && e.originalError !== undefined && !(e.originalError as { errors?: unknown }).errors;
      code = fromResolver ? 'INTERNAL' : 'VALIDATION_FAILED';
      if (fromResolver) message = 'Something went wrong on our side';
    }
    return { ...json, message, extensions: { ...ext, code, correlationId } };
  });
  return {
    statusCode: execution.data ? 200 : (execution.statusCode ?? 200),
    response: { data: execution.data ?? null, errors: formatted },
  };
}
