/**
 * Data crosses the library boundary as plain typed arrays so the data pipeline and the engine
 * never import each other.
 */
export interface Dataset2D {
  /** Row-major features: shape[0] rows of prod(shape.slice(1)) values. */
  x: Float32Array;
  /** [n, ...featureShape], e.g. [n, 64] or [n, 8, 8, 1]. */
  shape: number[];
  /** Class index per row (multiclass, binary 0/1) or target value (regression). */
  y: Float32Array | Int32Array;
}

export class EngineError extends Error {
  override readonly name: string = 'EngineError';
  constructor(
    readonly code: 'INVALID_SPEC' | 'INVALID_DATA' | 'INVALID_OPTIONS' | 'CHECKPOINT' | 'MODEL_FILES',
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export class TrainingAbortedError extends Error {
  override readonly name = 'AbortError';
  constructor(
    readonly epoch: number,
    readonly batch: number,
  ) {
    super(`training cancelled at epoch ${epoch + 1}, batch ${batch + 1}`);
  }
}
