/**
 * Worker thread entry: reads the row groups of a Parquet file in `workerData` (a
 * {@link ParquetPartRequest}) and posts progress, then its columns (buffers transferred, not copied) or
 * its error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { transferables } from '../columns/parts.js';
import { partError } from '../csv/part.js';
import { readParquetPart, type ParquetPartRequest } from './part.js';

const port = parentPort!;
readParquetPart(workerData as ParquetPartRequest, (bytes) =>
  port.postMessage({ type: 'progress', bytes }),
).then(
  (result) => port.postMessage({ type: 'done', result }, transferables(result.parts)),
  (err) => port.postMessage({ type: 'error', error: partError(err) }),
);
