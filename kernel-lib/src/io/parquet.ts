import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { InputError } from '../errors.js';
import { recordColumns, type ValueColumns } from './records.js';

/**
 * A Parquet file's rows, read with hyparquet (pure JS, every common codec via hyparquet-compressors).
 * Timestamps arrive as Dates, 64-bit integers as BigInt (turned into numbers by the column builders).
 */
export async function readParquet(bytes: Uint8Array, name: string): Promise<ValueColumns> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
  try {
    parquetMetadata(file);
  } catch (err) {
    throw new InputError(`not a Parquet file (${(err as Error).message})`, { file: name }, 'a Parquet file');
  }
  let rows: Record<string, unknown>[];
  try {
    rows = await parquetReadObjects({ file, compressors });
  } catch (err) {
    throw new InputError(
      `cannot read the Parquet data (${(err as Error).message})`,
      { file: name },
      'a valid Parquet file',
    );
  }
  return recordColumns(rows, name);
}
