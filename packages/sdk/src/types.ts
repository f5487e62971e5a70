/**
 * Request and response types of each route, read from the generated OpenAPI types, so that a
 * method's parameter and result follow the gateway's own schemas.
 */
import type { paths } from './generated/openapi.js';

export type { paths };
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Path = keyof paths;

type Operation<P extends Path, M extends Method> = paths[P] extends { [K in M]: infer O } ? O : never;
type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
type Success<R> = R extends { 200: infer S } ? S : R extends { 201: infer S } ? S : R extends { 202: infer S } ? S : never;

/** The JSON body a route takes. */
export type Body<P extends Path, M extends Method> = Operation<P, M> extends { requestBody?: infer B } ? NonNullable<Json<NonNullable<B>>> : never;

/** The query parameters a route takes. */
export type Query<P extends Path, M extends Method> = Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** The `data` of a route's success answer (unknown where the route documents none). */
export type Data<P extends Path, M extends Method> =
  Operation<P, M> extends { responses: infer R } ? (Json<Success<R>> extends { data: infer D } ? D : unknown) : unknown;

/** A list's item type. */
export type Item<P extends Path, M extends Method> = Data<P, M> extends Array<infer T> ? T : unknown;
