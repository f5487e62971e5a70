/**
 * The tags of the row cache (infra/row-cache.ts), in one place. A read files its entry under the tags
 * whose writes must drop it; a write, once committed, invalidates the tags of what it changed. Tags
 * travel between processes on Redis: they hold ids only, never a secret.
 */
export const cacheTags = {
  /** One API token (revoked or deleted). */
  token: (tokenId: string) => `token:${tokenId}`,
  /** Every app of a tenant: a new or changed app can change which one a request gets. */
  apps: (tenantId: string) => `apps:${tenantId}`,
  /** An app's device record, whose ids are printed on every receipt. */
  device: (appId: number) => `device:${appId}`,
  /** An app's synced code lists, and the tax rates read from them. */
  codes: (appId: number) => `codes:${appId}`,
  /** The items of a PIN, shared by its branches. */
  items: (tenantId: string, tin: string) => `items:${tenantId}:${tin}`,
  /** A tenant's webhook endpoints. */
  webhooks: (tenantId: string) => `webhooks:${tenantId}`,
} as const;
