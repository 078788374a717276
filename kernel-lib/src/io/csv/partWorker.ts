/**
 * Worker thread entry: reads the part of a CSV file in `workerData` (a {@link PartRequest}) and posts
 * progress, then its columns (buffers transferred, not copied) or its error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { transferables } from '../columns/parts.js';
import { partError, readPart, type PartRequest } from './part.js';

const port = parentPort!;
readPart(workerData as PartRequest, (bytes) => port.postMessage({ type: 'progress', bytes })).then(
  (result) => port.postMessage({ type: 'done', result }, transferables(result.parts)),
  (err) => port.postMessage({ type: 'error', error: partError(err) }),
);
