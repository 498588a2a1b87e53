/** Configuration from the environment, checked once at start. */
import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  PUBLIC_URL: z.string().url().optional(),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_SCOPES: z.string().default('openid email given_name usual_name uid siret'),
  /** FranceConnect (or a compatible provider) for the people accompanied (issue 5 §9). */
  FRANCECONNECT_ISSUER: z.string().url().optional(),
  FRANCECONNECT_CLIENT_ID: z.string().optional(),
  FRANCECONNECT_CLIENT_SECRET: z.string().optional(),
  FRANCECONNECT_SCOPES: z.string().default('openid given_name family_name birthdate email'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('SPIE <ne-pas-repondre@spie.localhost>'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(120),
  SESSION_MAX_HOURS: z.coerce.number().int().positive().default(12),
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  SIGN_IN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_DATA: z.enum(['auto', 'yes', 'no']).default('auto'),
  DEMO_CATALOGUE: z.enum(['yes', 'no']).default('yes'),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  oidc: { issuer: string; clientId: string; clientSecret: string; scopes: string } | null;
  franceConnect: { issuer: string; clientId: string; clientSecret: string; scopes: string } | null;
  smtpUrl: string | undefined;
  mailFrom: string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  logLevel: string;
  /** Number of reverse proxies in front of the app whose X-Forwarded-For is trusted (0: none). */
  trustProxyHops: number;
  /** Sign-in attempts allowed per minute from one address. */
  signInRateLimitPerMinute: number;
  /** Demo sign-in page: never in production, and on a PostgreSQL server only when DEMO_DATA=yes. */
  demo: boolean;
  /** Load the demo organisations and users into an empty database at start. */
  demoData: boolean;
  /** With the demo data, the demo catalogue of services (DEMO_CATALOGUE=no leaves it out, as the tests do). */
  demoCatalogue: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Configuration invalide :\n${lines}`);
  }
  const e = parsed.data;
  const oidc =
    e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
      ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET, scopes: e.OIDC_SCOPES }
      : null;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    oidc,
    franceConnect:
      e.FRANCECONNECT_ISSUER && e.FRANCECONNECT_CLIENT_ID && e.FRANCECONNECT_CLIENT_SECRET
        ? { issuer: e.FRANCECONNECT_ISSUER, clientId: e.FRANCECONNECT_CLIENT_ID, clientSecret: e.FRANCECONNECT_CLIENT_SECRET, scopes: e.FRANCECONNECT_SCOPES }
        : null,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    logLevel: e.LOG_LEVEL,
    signInRateLimitPerMinute: e.SIGN_IN_RATE_LIMIT_PER_MINUTE,
    trustProxyHops: e.TRUST_PROXY,
    demo: e.NODE_ENV !== 'production' && (e.DEMO_DATA === 'yes' || (e.DEMO_DATA === 'auto' && !e.DATABASE_URL)),
    demoData: e.NODE_ENV !== 'production' && (e.DEMO_DATA === 'yes' || (e.DEMO_DATA === 'auto' && !e.DATABASE_URL)),
    demoCatalogue: e.DEMO_CATALOGUE === 'yes',
  };
}
