import * as tf from '@tensorflow/tfjs';
import type { LossName } from '@meridian/domain';

/**
 * Loss on the model output. When `fromLogits` the output is the pre-activation of the final
 * softmax/sigmoid and the loss uses the numerically stable log-sum-exp form (also fewer kernels).
 */
export function computeLoss(loss: LossName, out: tf.Tensor, y: tf.Tensor, fromLogits: boolean): tf.Scalar {
  return tf.tidy(() => {
    switch (loss) {
      case 'categoricalCrossentropy':
      case 'sparseCategoricalCrossentropy': {
        if (fromLogits) return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(out)), -1)));
        const p = tf.clipByValue(out, 1e-7, 1 - 1e-7);
        return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(p)), -1)));
      }
      case 'binaryCrossentropy': {
        if (fromLogits) {
          // max(z, 0) - z*y + log(1 + exp(-|z|))
          return tf.mean(tf.add(tf.sub(tf.relu(out), tf.mul(out, y)), tf.log1p(tf.exp(tf.neg(tf.abs(out))))));
        }
        const p = tf.clipByValue(out, 1e-7, 1 - 1e-7);
        return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p))))));
      }
      case 'mse':
        return tf.mean(tf.squaredDifference(out, y));
      case 'mae':
        return tf.mean(tf.abs(tf.sub(out, y)));
    }
  }) as tf.Scalar;
}

/** Whether the loss can take logits from a model ending in this activation. */
export function lossUsesLogits(loss: LossName, finalActivation: string): boolean {
  return (
    ((loss === 'categoricalCrossentropy' || loss === 'sparseCategoricalCrossentropy') && finalActivation === 'softmax') ||
    (loss === 'binaryCrossentropy' && finalActivation === 'sigmoid')
  );
}
