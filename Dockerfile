# The platform image: Node 24 runs the TypeScript sources directly (type stripping), so there is no build step.
FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY bin ./bin
COPY services ./services
COPY schemas ./schemas
COPY migrations ./migrations
COPY moleculer.config.ts mikro-orm.config.ts ./
USER node
EXPOSE 9000
CMD ["node", "bin/idp.ts", "start"]
