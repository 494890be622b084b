# GPU worker: the worker image's application on a CUDA base, plus @tensorflow/tfjs-node-gpu, which
# the training engine picks on its own (selectBackend 'auto' -> tensorflow-gpu) when a GPU is visible.
# Build the worker image first; this one only adds CUDA and the native TensorFlow binding:
#   docker build -f docker/Dockerfile --target worker -t meridian/worker .
#   docker build -f docker/worker-gpu.Dockerfile -t meridian/worker-gpu .
#   docker run --gpus all --env-file .env meridian/worker-gpu
# tfjs-node-gpu 4.22 downloads libtensorflow 2.9 (GPU) at install time: it needs the network and
# CUDA 11.2+ with cuDNN 8 at run time, which the base image provides.
ARG WORKER_IMAGE=meridian/worker
ARG NODE_IMAGE=node:22-bookworm-slim
ARG CUDA_IMAGE=nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04

FROM ${WORKER_IMAGE} AS app
FROM ${NODE_IMAGE} AS node

FROM ${CUDA_IMAGE}
# Node from the official image (its binaries need glibc 2.28+; Ubuntu 22.04 has 2.35).
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && groupadd --gid 1000 node && useradd --uid 1000 --gid node --create-home node
WORKDIR /app
ENV NODE_ENV=production
COPY --from=app --chown=node:node /app /app
USER node
# Installed into the app's own node_modules so it shares the one @tensorflow/tfjs the engine uses;
# --foreground-scripts runs (and shows) the libtensorflow download, and fails the build if it fails.
# (No load test here: libcuda comes from the host driver at `docker run --gpus`, not at build time.)
RUN npm install --no-save --omit=dev --no-audit --no-fund --foreground-scripts @tensorflow/tfjs-node-gpu@4.22.0
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node apps/worker/dist/healthcheck.js
CMD ["node", "--enable-source-maps", "apps/worker/dist/main.js"]
