import { InvalidInputError } from '../errors.js';
import { SOURCE_KINDS, type SourceKind } from '../types.js';

/** What a metering file's name says about it. */
export interface MeterFileName {
  kind: SourceKind;
  /** Distributor code, 4 digits (e.g. "0031"). */
  distributor: string;
  /** Retailer code, 4 digits. */
  retailer: string;
  /** Generation date as YYYYMMDD. */
  generationDate: number;
  version: number;
}

const NAME = /^([A-Z0-9]+)_(\d{4})_(\d{4})_(\d{8})\.(\d+)(?:\.(?:bz2|zip|gz))?$/i;

/**
 * Parses `<KIND>_<distributor>_<retailer>_<YYYYMMDD>.<version>[.bz2|.zip|.gz]` (any folder prefix
 * is ignored).
 * @throws InvalidInputError when the name does not follow the convention or the kind is unknown
 */
export function parseMeterFileName(path: string): MeterFileName {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const m = NAME.exec(base);
  if (!m) {
    throw new InvalidInputError(
      `${base}: file name must look like F5D_0031_0762_20240101.0[.bz2|.zip|.gz]`,
      { details: { file: base, field: 'name' } },
    );
  }
  const [, rawKind = '', distributor = '', retailer = '', date = '', version = ''] = m;
  const kind = rawKind.toUpperCase();
  if (!(SOURCE_KINDS as readonly string[]).includes(kind)) {
    throw new InvalidInputError(
      `${base}: unknown file kind "${rawKind}" (expected one of ${SOURCE_KINDS.join(', ')})`,
      { details: { file: base, field: 'kind' } },
    );
  }
  const generationDate = Number(date);
  const y = Math.floor(generationDate / 10000);
  const mo = Math.floor(generationDate / 100) % 100;
  const d = generationDate % 100;
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new InvalidInputError(`${base}: generation date ${date} is not a calendar date`, {
      details: { file: base, field: 'generationDate' },
    });
  }
  return {
    kind: kind as SourceKind,
    distributor,
    retailer,
    generationDate,
    version: Number(version),
  };
}
