import { describe, expect, it } from 'vitest';
import { summary } from '../live/testing';
import { AnnouncementQueue, EmergencyWatch, announcementOf, type Announcement } from './announcements';

const snapshotAt = '2026-11-26T08:00:00Z';
const emergency = (id: string, reportedAt: string) => summary(id, 1, { category: 'TF', subcategory: 'TF04', reportedAt });
const announcement = (id: string): Announcement => announcementOf(emergency(id, snapshotAt));

describe('EmergencyWatch', () => {
  it('judges nothing before the first snapshot', () => {
    const watch = new EmergencyWatch();
    expect(watch.observe([emergency('a', '2026-11-26T08:00:05Z')], null)).toEqual([]);
    expect(watch.observe([emergency('a', '2026-11-26T08:00:05Z')], snapshotAt).map((item) => item.id)).toEqual(['a']);
  });

  it('takes the emergencies open when the wall opened as the baseline, except those reported just before', () => {
    const watch = new EmergencyWatch(60_000);
    const fresh = watch.observe(
      [emergency('old', '2026-11-26T07:30:00Z'), emergency('recent', '2026-11-26T07:59:30Z'), summary('cg', 1, { reportedAt: '2026-11-26T08:00:10Z' })],
      snapshotAt,
    );
    expect(fresh.map((item) => item.id)).toEqual(['recent']);
  });

  it('announces each emergency once however many versions of it arrive, oldest report first', () => {
    const watch = new EmergencyWatch();
    watch.observe([], snapshotAt);
    const later = emergency('later', '2026-11-26T08:05:00Z');
    const sooner = emergency('sooner', '2026-11-26T08:04:00Z');
    expect(watch.observe([later, sooner], snapshotAt).map((item) => item.id)).toEqual(['sooner', 'later']);
    expect(watch.observe([{ ...later, version: 2, state: 'Registered' }, sooner], snapshotAt)).toEqual([]);
  });

  it('keeps the baseline of its first snapshot across resyncs, so an emergency reported while offline is announced', () => {
    const watch = new EmergencyWatch();
    watch.observe([], snapshotAt);
    expect(watch.observe([emergency('offline', '2026-11-26T09:00:00Z')], '2026-11-26T09:30:00Z').map((item) => item.id)).toEqual(['offline']);
  });

  it('remembers only the emergencies still open', () => {
    const watch = new EmergencyWatch();
    watch.observe([], snapshotAt);
    const many = Array.from({ length: 500 }, (_, index) => emergency(`e${index}`, '2026-11-26T08:01:00Z'));
    watch.observe(many, snapshotAt);
    expect(watch.size).toBe(500);
    watch.observe(many.slice(0, 3), snapshotAt);
    expect(watch.size).toBe(3);
  });
});

describe('AnnouncementQueue', () => {
  it('shows the first announcement at once and the next one when its time is up, sooner while others wait', () => {
    const queue = new AnnouncementQueue({ displayMs: 1000, busyDisplayMs: 400 });
    queue.add(announcement('a'), 0);
    expect(queue.nextChangeAt()).toBe(1000);
    queue.add(announcement('b'), 100);
    expect(queue.current?.id).toBe('a');
    expect(queue.upcoming.map((item) => item.id)).toEqual(['b']);
    expect(queue.nextChangeAt()).toBe(400);
    expect(queue.advance(399)).toBe(false);
    expect(queue.advance(400)).toBe(true);
    expect(queue.current?.id).toBe('b');
    expect(queue.waiting).toBe(0);
    expect(queue.nextChangeAt()).toBe(1400);
  });

  it('keeps the last announcement for its full time, then clears the banner', () => {
    const queue = new AnnouncementQueue({ displayMs: 1000 });
    queue.add(announcement('a'), 0);
    expect(queue.advance(500)).toBe(false);
    expect(queue.current?.id).toBe('a');
    expect(queue.advance(1000)).toBe(true);
    expect(queue.current).toBeNull();
    expect(queue.nextChangeAt()).toBeNull();
    expect(queue.history.map((item) => item.id)).toEqual(['a']);
  });

  it('bounds the waiting line and the recent list however many arrive', () => {
    const queue = new AnnouncementQueue({ displayMs: 1000, busyDisplayMs: 1000, waitingLimit: 3, historyLimit: 4 });
    for (let index = 0; index < 1000; index++) {
      queue.add(announcement(`e${index}`), index);
    }
    expect(queue.current?.id).toBe('e0');
    expect(queue.waiting).toBe(3);
    expect(queue.skippedCount).toBe(996);
    expect(queue.history.map((item) => item.id)).toEqual(['e999', 'e998', 'e997', 'e996']);
    // The newest ones waited; they follow in the order they came.
    const shown = [];
    for (let at = 1000; queue.current; at += 1000) {
      queue.advance(at);
      if (queue.current) {
        shown.push(queue.current.id);
      }
    }
    expect(shown).toEqual(['e997', 'e998', 'e999']);
  });

  it('copies what it announces, so a later change of the case does not rewrite the banner', () => {
    const item = emergency('a', snapshotAt);
    const copied = announcementOf(item);
    item.subcategory = 'TF01';
    expect(copied.subcategory).toBe('TF04');
    expect(Object.keys(copied).sort()).toEqual(['gridCode', 'id', 'reportedAt', 'subcategory', 'urgent']);
  });
});
