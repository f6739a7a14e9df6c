/**
 * A tiny framework for local fake provider servers used by tests.
 *
 * - Every request is recorded (`server.requests`) with its parsed body. Multipart
 *   uploads are parsed as a stream: file parts are hashed and counted, never kept,
 *   so a 1 GB upload costs no memory. Small text fields are kept.
 * - Faults (`server.faults.add`) are applied after the request body has been read
 *   and before routing.
 * - Result files (`server.files.put`) are served on GET/HEAD; generated bodies are
 *   streamed in 64 KB chunks without allocating the whole size.
 *
 * One module per job in ./server/ (types, fault-queue, files, requests, replies, server,
 * provider); this module re-exports them.
 */
export * from './server/types';
export * from './server/fault-queue';
export * from './server/files';
export * from './server/requests';
export * from './server/replies';
export * from './server/server';
export * from './server/provider';
