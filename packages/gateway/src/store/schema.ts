/**
 * Table types for Kysely. Portable across SQLite and PostgreSQL: timestamps are ISO-8601 UTC
 * strings, booleans are 0/1 integers and JSON is text, so both engines store and compare the same values.
 */
import type { Generated } from 'kysely';

export interface TenantsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  tenant_id: string;
  name: string;
  /** SHA-256 of the plaintext token, hex. */
  token_hash: string;
  /** First characters of the token, shown in listings so users can tell tokens apart. */
  token_prefix: string;
  /** JSON array of scope names as granted (groups kept as given). */
  scopes: string;
  rate_limit_per_minute: number | null;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  created_at: string;
}

export interface KraAppsTable {
  id: Generated<number>;
  tenant_id: string;
  name: string;
  type: 'portal' | 'etims';
  environment: 'simulator' | 'sandbox' | 'production';
  is_active: number;
  /** JSON object of non-secret settings. */
  settings: string;
  tin: string | null;
  bhf_id: string | null;
  dvc_srl_no: string | null;
  /** JSON object field → encrypted envelope (consumer_key, consumer_secret, cmc_key, …). */
  secrets: string;
  last_used_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface Database {
  tenants: TenantsTable;
  api_tokens: ApiTokensTable;
  kra_apps: KraAppsTable;
}
