import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../shared/errors.js';
import { parseMeterFileName } from '../../../shared/f5d/file-name.js';

describe('parseMeterFileName', () => {
  it.each([
    ['F5D_0031_0762_20240305.0', 'F5D', '0031', '0762', 20240305, 0],
    ['some/dir/RF5D_0237_0762_20211008.3.bz2', 'RF5D', '0237', '0762', 20211008, 3],
    ['P5D_0021_1234_20240229.12.zip', 'P5D', '0021', '1234', 20240229, 12],
    ['f5d_0021_1234_20240101.1.GZ', 'F5D', '0021', '1234', 20240101, 1],
  ])('reads %s', (name, kind, distributor, retailer, generationDate, version) => {
    expect(parseMeterFileName(name)).toEqual({
      kind,
      distributor,
      retailer,
      generationDate,
      version,
    });
  });

  it.each([
    ['A5D_0189_0373_20210219.0.bz2', /unknown file kind "A5D"/],
    ['F5D_0031_0762_20240230.0', /not a calendar date/],
    ['F5D_31_0762_20240101.0', /must look like/],
    ['readings.csv', /must look like/],
  ])('refuses %s', (name, message) => {
    expect(() => parseMeterFileName(name)).toThrow(InvalidInputError);
    expect(() => parseMeterFileName(name)).toThrow(message);
  });
});
