import { HOUR_MS } from '../calendar/zone.js';

/**
 * A set of hour-end instants kept as sorted, disjoint [start, end) ranges: a supply's contiguous
 * curve costs one range whatever its length, so remembering what was emitted stays small.
 */
export class HourRanges {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  has(hourEnd: number): boolean {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (hourEnd < this.starts[mid]!) hi = mid - 1;
      else if (hourEnd >= this.ends[mid]!) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /** Adds hours given in ascending order. */
  addSorted(hours: readonly number[]): void {
    let i = 0;
    while (i < hours.length) {
      const start = hours[i]!;
      let end = start + HOUR_MS;
      while (i + 1 < hours.length && hours[i + 1] === end) {
        end += HOUR_MS;
        i++;
      }
      this.insert(start, end);
      i++;
    }
  }

  private insert(start: number, end: number): void {
    // Find the first range ending at or after `start`, then merge every range it touches.
    let at = 0;
    while (at < this.starts.length && this.ends[at]! < start) at++;
    let mergedStart = start;
    let mergedEnd = end;
    let count = 0;
    while (at + count < this.starts.length && this.starts[at + count]! <= mergedEnd) {
      mergedStart = Math.min(mergedStart, this.starts[at + count]!);
      mergedEnd = Math.max(mergedEnd, this.ends[at + count]!);
      count++;
    }
    this.starts.splice(at, count, mergedStart);
    this.ends.splice(at, count, mergedEnd);
  }
}
