/** @ushuru/sdk: the typed client of the Ushuru gateway. */
export { Ushuru, OSCU_OPERATIONS, type CallOptions, type DocumentRef, type OscuOperationName, type PrintOptions } from './client.js';
export * from './errors.js';
export { type Page, type PagePromise } from './pages.js';
export type { ClientOptions, RequestOptions } from './transport.js';
export type { Body, Data, Item, Query, paths } from './types.js';
export { verifyWebhook, WebhookVerificationError, type VerifyOptions, type WebhookEvent } from './webhooks.js';
