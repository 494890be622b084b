// Our own optimisers rather than tf.train.*: the step count lives in JS, so bias corrections are
// computed in double precision from an integer and a resumed run gets bit-identical updates
// (tfjs's Adam rebuilds beta^t with pow() on resume, which drifts by an ulp from the running
// product); and tfjs's centered RMSProp subtracts epsilon under the square root, which yields NaN.
import * as tf from '@tensorflow/tfjs';
import type { OptimizerSpec } from '@meridian/domain';
import { ADAM_KERNEL } from './kernels/adam';

export interface OptimizerState {
  step: number;
  slots: { name: string; tensor: tf.Tensor }[];
}

export class EngineOptimizer {
  learningRate: number;
  /** Updates applied so far. */
  step = 0;
  private slots = new Map<string, tf.Variable>();

  constructor(readonly spec: OptimizerSpec) {
    this.learningRate = spec.learningRate;
  }

  private slot(name: string, like: tf.Tensor): tf.Variable {
    let v = this.slots.get(name);
    if (!v) {
      v = tf.variable(tf.zerosLike(like), false);
      this.slots.set(name, v);
    }
    return v;
  }

  /** Applies one update; grads[i] is the gradient of vars[i]. */
  apply(vars: tf.Variable[], grads: tf.Tensor[]): void {
    const t = ++this.step;
    const s = this.spec;
    const lr = this.learningRate;
    // The one-pass Adam kernel exists on wasm with SIMD (registered by registerWasmGradientKernels).
    const fusedAdam = s.type === 'adam' && tf.getBackend() === 'wasm' && tf.getKernel(ADAM_KERNEL, 'wasm') !== undefined;
    tf.tidy(() => {
      vars.forEach((w, i) => {
        const g = grads[i];
        switch (s.type) {
          case 'sgd':
            w.assign(tf.sub(w, tf.mul(g, lr)));
            break;
          case 'momentum': {
            const v = this.slot(`${i}/momentum`, w);
            const nv = tf.add(tf.mul(v, s.momentum), g);
            v.assign(nv);
            w.assign(tf.sub(w, tf.mul(s.nesterov ? tf.add(g, tf.mul(nv, s.momentum)) : nv, lr)));
            break;
          }
          case 'adam': {
            const m = this.slot(`${i}/m`, w);
            const v = this.slot(`${i}/v`, w);
            const c1 = 1 - Math.pow(s.beta1, t);
            const c2 = Math.sqrt(1 - Math.pow(s.beta2, t));
            if (fusedAdam) {
              const [nw, nm, nv] = tf.engine().runKernel(ADAM_KERNEL, { w, g, m, v }, { beta1: s.beta1, beta2: s.beta2, stepSize: (lr * c2) / c1, epsilonHat: s.epsilon * c2 }) as tf.Tensor[];
              m.assign(nm);
              v.assign(nv);
              w.assign(nw);
              break;
            }
            const nm = tf.add(tf.mul(m, s.beta1), tf.mul(g, 1 - s.beta1));
            const nv = tf.add(tf.mul(v, s.beta2), tf.mul(tf.square(g), 1 - s.beta2));
            m.assign(nm);
            v.assign(nv);
            // lr * m_hat / (sqrt(v_hat) + eps) with both corrections folded into two scalars.
            w.assign(tf.sub(w, tf.mul(tf.div(nm, tf.add(tf.sqrt(nv), s.epsilon * c2)), (lr * c2) / c1)));
            break;
          }
          case 'rmsprop': {
            const ms = this.slot(`${i}/ms`, w);
            const nms = tf.add(tf.mul(ms, s.decay), tf.mul(tf.square(g), 1 - s.decay));
            ms.assign(nms);
            let denom: tf.Tensor = nms;
            if (s.centered) {
              const mg = this.slot(`${i}/mg`, w);
              const nmg = tf.add(tf.mul(mg, s.decay), tf.mul(g, 1 - s.decay));
              mg.assign(nmg);
              // E[g^2] - E[g]^2 is a variance: clamp the float rounding that can make it negative.
              denom = tf.relu(tf.sub(nms, tf.square(nmg)));
            }
            const increment = tf.div(tf.mul(g, lr), tf.sqrt(tf.add(denom, s.epsilon)));
            if (s.momentum > 0) {
              const mom = this.slot(`${i}/mom`, w);
              const nmom = tf.add(tf.mul(mom, s.momentum), increment);
              mom.assign(nmom);
              w.assign(tf.sub(w, nmom));
            } else {
              w.assign(tf.sub(w, increment));
            }
            break;
          }
        }
      });
    });
  }

  getState(): OptimizerState {
    return { step: this.step, slots: [...this.slots].map(([name, tensor]) => ({ name, tensor })) };
  }

  setState(state: OptimizerState): void {
    this.dispose();
    this.step = state.step;
    for (const { name, tensor } of state.slots) this.slots.set(name, tf.variable(tensor, false));
  }

  dispose(): void {
    this.slots.forEach((v) => v.dispose());
    this.slots.clear();
  }
}
