# One image for every MCE function; each Cloud Run service picks its function with FUNCTION_TARGET.
# test/deploy/bundle.test.ts assembles what this file puts in /app (the runtime stage's COPY lines,
# the same npm ci) and serves every function from it, since no Docker engine runs in the tests.

# Build stage: all dependencies (TypeScript); compiles shared/, functions/ and cli/ into dist/
# (tsconfig.build.json also lists bench/, which the image leaves out).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no `node` binary download (the image has Node 22) and no `prepare` before the
# sources are here.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY shared ./shared
COPY functions ./functions
COPY cli ./cli
RUN node node_modules/typescript/bin/tsc -p tsconfig.build.json

# Runtime stage: production dependencies, the compiled code and the mce command; no compiler.
FROM node:22-bookworm-slim
ENV NODE_ENV=production
# The git SHA recorded in model manifests (cloudbuild.yaml passes $COMMIT_SHA).
ARG MCE_CODE_REVISION=unknown
ENV MCE_CODE_REVISION=${MCE_CODE_REVISION}
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
# The node image's unprivileged user; the code writes nothing under /app.
USER node
# Cloud Run sends PORT (8080); the Functions Framework listens on it.
EXPOSE 8080
CMD ["npm", "start"]
