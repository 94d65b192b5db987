import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '../../db/client.ts';
import type { KnowledgeBase } from '../../rules/index.ts';
import type { Principal } from './access/store.ts';
import type { Logger } from './logger.ts';

/** What handlers get: built once at start by the entry file and shared by every request. */
export interface Services {
  db: Db;
  kb: KnowledgeBase;
  log: Logger;
  version: string;
  maxBodyBytes: number;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    services: Services;
    principal: Principal;
  };
}

export type App = OpenAPIHono<AppEnv>;
