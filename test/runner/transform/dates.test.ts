import { describe, expect, it } from 'vitest';
import { readCell } from '../../../src/runner/transform/cells.ts';
import { isoDate, isoDateTime, readDate } from '../../../src/runner/transform/date-value.ts';
import { isTimeZone, offsetAt, zonedInstant } from '../../../src/runner/transform/zone-offset.ts';

const wall = (s: string) => {
  const [d, t = '00:00:00'] = s.split(' ');
  const [year, month, day] = d!.split('-').map(Number);
  const [hour, minute, second] = t.split(':').map(Number);
  return { year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second ?? 0, millisecond: 0 };
};
const inZone = (local: string, zone: string) => {
  const { epochMs, offset } = zonedInstant(wall(local), zone);
  return { utc: new Date(epochMs).toISOString(), offset };
};

describe('zone offsets (Intl, DST-correct)', () => {
  it('knows the offset in and out of daylight time', () => {
    expect(offsetAt('America/New_York', Date.UTC(2024, 0, 15, 12))).toBe(-300);
    expect(offsetAt('America/New_York', Date.UTC(2024, 6, 15, 12))).toBe(-240);
    expect(offsetAt('Australia/Sydney', Date.UTC(2024, 0, 15, 12))).toBe(660);
    expect(offsetAt('Australia/Sydney', Date.UTC(2024, 6, 15, 12))).toBe(600);
    expect(offsetAt('Asia/Kolkata', Date.UTC(2024, 6, 15, 12))).toBe(330);
    expect(offsetAt('UTC', Date.UTC(2024, 6, 15, 12))).toBe(0);
  });

  it('reads the hour the clocks pass twice as its first (earlier) occurrence', () => {
    expect(inZone('2023-11-05 01:30:00', 'America/New_York')).toEqual({ utc: '2023-11-05T05:30:00.000Z', offset: -240 });
    expect(inZone('2023-11-05 00:59:59', 'America/New_York')).toEqual({ utc: '2023-11-05T04:59:59.000Z', offset: -240 });
    expect(inZone('2023-11-05 02:00:00', 'America/New_York')).toEqual({ utc: '2023-11-05T07:00:00.000Z', offset: -300 });
    // Southern hemisphere: Sydney falls back on the first Sunday of April.
    expect(inZone('2024-04-07 02:30:00', 'Australia/Sydney')).toEqual({ utc: '2024-04-06T15:30:00.000Z', offset: 660 });
    expect(inZone('2023-10-29 01:30:00', 'Europe/London')).toEqual({ utc: '2023-10-29T00:30:00.000Z', offset: 60 });
  });

  it('moves a time the clocks skip forward by the gap', () => {
    expect(inZone('2024-03-10 02:30:00', 'America/New_York')).toEqual({ utc: '2024-03-10T07:30:00.000Z', offset: -240 });
    expect(inZone('2024-03-10 01:59:59', 'America/New_York')).toEqual({ utc: '2024-03-10T06:59:59.000Z', offset: -300 });
    expect(inZone('2024-03-10 03:00:00', 'America/New_York')).toEqual({ utc: '2024-03-10T07:00:00.000Z', offset: -240 });
    expect(inZone('2024-10-06 02:15:00', 'Australia/Sydney')).toEqual({ utc: '2024-10-05T16:15:00.000Z', offset: 660 });
    expect(inZone('2024-03-31 02:30:00', 'Europe/Berlin')).toEqual({ utc: '2024-03-31T01:30:00.000Z', offset: 120 });
  });

  it('tells known zones from unknown ones', () => {
    expect(isTimeZone('America/Los_Angeles')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});

describe('dates read by the profile pattern', () => {
  it('reads the patterns the profiler reports', () => {
    expect(isoDate(readDate('03/14/2019', 'MM/DD/YYYY')!)).toBe('2019-03-14');
    expect(isoDate(readDate('14/03/2022', 'DD/MM/YYYY')!)).toBe('2022-03-14');
    expect(isoDate(readDate('Feb 1, 2024', 'MMM D, YYYY')!)).toBe('2024-02-01');
    expect(isoDate(readDate('29.02.2024', 'DD.MM.YYYY')!)).toBe('2024-02-29');
    expect(isoDateTime(readDate('02/01/2024 10:30 AM', 'MM/DD/YYYY hh:mm A')!, 'America/Los_Angeles')).toBe('2024-02-01T10:30:00-08:00');
    expect(isoDateTime(readDate('06/10/2024 05:00 PM', 'MM/DD/YYYY hh:mm A')!, 'America/Los_Angeles')).toBe('2024-06-10T17:00:00-07:00');
    expect(isoDateTime(readDate('03/06/2024 12:05 AM', 'MM/DD/YYYY hh:mm A')!, 'UTC')).toBe('2024-03-06T00:05:00Z');
    expect(isoDateTime(readDate('06/01/2024 12:00 PM', 'MM/DD/YYYY hh:mm A')!, 'UTC')).toBe('2024-06-01T12:00:00Z');
    expect(isoDateTime(readDate('14/03/2022 09:15', 'DD/MM/YYYY HH:mm')!, 'Australia/Sydney')).toBe('2022-03-14T09:15:00+11:00');
  });

  it('keeps the offset a value carries, whatever the zone', () => {
    expect(isoDateTime(readDate('2024-05-02T03:11:45Z', 'YYYY-MM-DDTHH:mm:ssZ')!, 'America/New_York')).toBe('2024-05-02T03:11:45Z');
    expect(isoDateTime(readDate('2024-05-02T03:11:45+05:30', 'YYYY-MM-DDTHH:mm:ssZ')!, 'UTC')).toBe('2024-05-02T03:11:45+05:30');
    expect(isoDateTime(readDate('2024-05-02T03:11:45.250-0700', 'YYYY-MM-DDTHH:mm:ss.SSSZ')!, 'UTC')).toBe('2024-05-02T03:11:45.250-07:00');
  });

  it('writes DST edge times with the offset in force', () => {
    const r = readDate('2023-11-05 01:30:00', 'YYYY-MM-DD HH:mm:ss')!;
    expect(isoDateTime(r, 'America/New_York')).toBe('2023-11-05T01:30:00-04:00');
    expect(isoDateTime(readDate('2024-03-10 02:30:00', 'YYYY-MM-DD HH:mm:ss')!, 'America/New_York')).toBe('2024-03-10T03:30:00-04:00');
    // A date-only field keeps the calendar date as written, never shifted by a zone.
    expect(isoDate(r)).toBe('2023-11-05');
  });

  it('rejects values that do not fit the pattern or name no real date', () => {
    expect(readDate('2024-02-30', 'YYYY-MM-DD')).toBeNull();
    expect(readDate('2023-02-29', 'YYYY-MM-DD')).toBeNull();
    expect(readDate('13/01/2024', 'MM/DD/YYYY')).toBeNull();
    expect(readDate('01/13/2024', 'DD/MM/YYYY')).toBeNull();
    expect(readDate('02/01/2024 13:30 PM', 'MM/DD/YYYY hh:mm A')).toBeNull();
    expect(readDate('2024-01-01 24:00', 'YYYY-MM-DD HH:mm')).toBeNull();
    expect(readDate('2024-01-01', 'MM/DD/YYYY')).toBeNull();
  });

  it('treats zero dates and empty markers as no value', () => {
    for (const v of ['0000-00-00', '0000-00-00 00:00:00', '00/00/0000', '', '  ', 'N/A', 'NULL']) expect(readCell(v), v).toBeUndefined();
    expect(readCell(' 2024-01-01 ')).toBe('2024-01-01');
  });
});
