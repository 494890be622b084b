// The wasm backend copies a tensor for Identity and for a Cast to the same dtype; every ReLU
// gradient does cast(step(x), 'float32') on a float32 tensor, so each training step copied every
// activation once more. Tensors are immutable, so sharing the buffer (with a reference count, as
// the cpu backend and the wasm Reshape kernel do) is safe.
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { originalKernel } from './matmul';

type Args = { inputs: Record<string, TensorInfo>; backend: BackendWasm; attrs: Record<string, unknown> };

function share(x: TensorInfo, backend: BackendWasm): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

function identity({ inputs, backend, attrs }: Args): TensorInfo {
  if (inputs.x.dtype === 'string') return originalKernel('Identity')({ inputs, backend, attrs } as never) as TensorInfo;
  return share(inputs.x, backend);
}

function cast({ inputs, backend, attrs }: Args): TensorInfo {
  if (attrs.dtype === inputs.x.dtype && inputs.x.dtype !== 'string') return share(inputs.x, backend);
  return originalKernel('Cast')({ inputs, backend, attrs } as never) as TensorInfo;
}

export const identityConfig: KernelConfig = { kernelName: 'Identity', backendName: 'wasm', kernelFunc: identity as unknown as KernelFunc };
export const castConfig: KernelConfig = { kernelName: 'Cast', backendName: 'wasm', kernelFunc: cast as unknown as KernelFunc };
