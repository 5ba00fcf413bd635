import L from 'leaflet';
import './people.css';
import { lookOf, markerClasses } from './markers';
import type { Person } from './peopleStore';
import type { PositionFix } from './types';

export interface PeopleLayerOptions {
  /** The marker's hover text (name, status, since); none on the wall. */
  describe?: (person: Person) => string;
  /** A click on a marker (the console opens the person in its list). */
  onSelect?: (key: string) => void;
}

function iconHtml(warning: boolean): string {
  return `<span class="rol-person-shape"></span>${warning ? '<span class="rol-person-alert" aria-hidden="true">!</span>' : ''}`;
}

/**
 * Grid workers and field teams as markers of their own, apart from the cases: one marker per
 * located subject, made once and then only moved or restyled (pushes come every second for
 * hours, so nothing may be made anew per push), removed when the subject leaves the list.
 */
export class PeopleLayer {
  private readonly group: L.LayerGroup;
  private readonly markers = new Map<string, { marker: L.Marker; person: Person; classes: string }>();
  private selected: string | null = null;

  constructor(
    map: L.Map,
    private readonly options: PeopleLayerOptions = {},
  ) {
    // Above the cases' canvas: people are DOM markers in the marker pane.
    this.group = L.layerGroup().addTo(map);
  }

  get size(): number {
    return this.markers.size;
  }

  /** Brings the markers in line with the list: changed people (by identity) are moved or restyled. */
  update(people: readonly Person[]): void {
    const seen = new Set<string>();
    for (const person of people) {
      if (!person.fix) {
        continue;
      }
      seen.add(person.key);
      const drawn = this.markers.get(person.key);
      if (drawn?.person === person) {
        continue;
      }
      this.draw(person, drawn);
    }
    for (const [key, drawn] of this.markers) {
      if (!seen.has(key)) {
        this.group.removeLayer(drawn.marker);
        this.markers.delete(key);
      }
    }
  }

  /** Marks one subject (the one chosen in the list) on the map. */
  select(key: string | null): void {
    const previous = this.selected;
    this.selected = key;
    for (const changed of [previous, key]) {
      const drawn = changed ? this.markers.get(changed) : undefined;
      if (drawn) {
        this.draw(drawn.person, drawn, true);
      }
    }
  }

  /** Redraws every marker's text (the language changed). */
  refresh(): void {
    for (const drawn of this.markers.values()) {
      this.draw(drawn.person, drawn, true);
    }
  }

  private draw(person: Person, drawn: { marker: L.Marker; person: Person; classes: string } | undefined, force = false): void {
    const fix = person.fix!;
    const look = lookOf(person);
    const classes = markerClasses(look) + (person.key === this.selected ? ' rol-person-selected' : '');
    // No size: the stylesheet sizes and centres the icon (an inline size would be a style attribute).
    const icon = () => L.divIcon({ className: classes, html: iconHtml(look.warning), iconSize: null as unknown as L.PointExpression });
    const text = this.options.describe?.(person);
    if (!drawn) {
      const marker = L.marker([fix.latitude, fix.longitude], { icon: icon(), keyboard: false, interactive: this.options.onSelect !== undefined, riseOnHover: true });
      if (text) {
        marker.bindTooltip(text);
      }
      if (this.options.onSelect) {
        const select = this.options.onSelect;
        marker.on('click', () => select(person.key));
      }
      marker.addTo(this.group);
      this.mark(marker, person, look.warning);
      this.markers.set(person.key, { marker, person, classes });
      return;
    }
    if (drawn.person.fix !== fix) {
      drawn.marker.setLatLng([fix.latitude, fix.longitude]);
    }
    if (drawn.classes !== classes || force) {
      drawn.marker.setIcon(icon());
    }
    if (text) {
      drawn.marker.setTooltipContent(text);
    }
    this.mark(drawn.marker, person, look.warning);
    drawn.person = person;
    drawn.classes = classes;
  }

  /** What the browser tests and assistive tools read off a marker's element. */
  private mark(marker: L.Marker, person: Person, warning: boolean): void {
    const element = marker.getElement();
    if (!element) {
      return;
    }
    element.dataset.subject = person.key;
    element.dataset.status = person.team?.view.status ?? '';
    element.dataset.localStatus = person.team?.view.localStatus?.code ?? '';
    element.dataset.online = String(person.presence?.online === true);
    element.dataset.warning = String(warning);
    element.dataset.longitude = String(person.fix?.longitude ?? '');
    element.dataset.latitude = String(person.fix?.latitude ?? '');
  }

  remove(): void {
    this.group.clearLayers();
    this.group.remove();
    this.markers.clear();
  }
}

export interface TrackLabels {
  start: string;
  end: string;
}

/** A played-back track: its line, a start and an end mark, and the point the slider stands on. */
export class TrackLayer {
  private readonly group: L.LayerGroup;
  private cursor: L.Marker | null = null;
  private points: readonly PositionFix[] = [];

  constructor(private readonly map: L.Map) {
    this.group = L.layerGroup().addTo(map);
  }

  show(points: readonly PositionFix[], labels: TrackLabels): void {
    this.group.clearLayers();
    this.cursor = null;
    this.points = points;
    if (points.length === 0) {
      return;
    }
    const line = points.map((point) => L.latLng(point.latitude, point.longitude));
    const path = L.polyline(line, { color: '#111827', weight: 4, opacity: 0.85, interactive: false }).addTo(this.group);
    const mark = (at: L.LatLng, kind: 'start' | 'end', text: string) =>
      L.marker(at, {
        icon: L.divIcon({ className: `rol-track-mark rol-track-${kind}`, html: kind === 'start' ? '▶' : '■', iconSize: null as unknown as L.PointExpression }),
        keyboard: false,
        interactive: false,
        title: text,
      }).addTo(this.group);
    mark(line[0]!, 'start', labels.start).getElement()?.setAttribute('data-testid', 'track-start');
    mark(line[line.length - 1]!, 'end', labels.end).getElement()?.setAttribute('data-testid', 'track-end');
    this.cursor = L.marker(line[0]!, {
      icon: L.divIcon({ className: 'rol-track-cursor', iconSize: null as unknown as L.PointExpression }),
      keyboard: false,
      interactive: false,
      zIndexOffset: 1000,
    }).addTo(this.group);
    this.cursor.getElement()?.setAttribute('data-testid', 'track-cursor');
    const bounds = path.getBounds();
    if (bounds.isValid()) {
      this.map.fitBounds(bounds.pad(0.3), { maxZoom: 17 });
    }
    this.moveTo(0);
  }

  moveTo(index: number): void {
    const point = this.points[index];
    if (!this.cursor || !point) {
      return;
    }
    this.cursor.setLatLng([point.latitude, point.longitude]);
    const element = this.cursor.getElement();
    if (element) {
      element.dataset.index = String(index);
      element.dataset.longitude = String(point.longitude);
      element.dataset.latitude = String(point.latitude);
    }
  }

  clear(): void {
    this.group.clearLayers();
    this.cursor = null;
    this.points = [];
  }

  remove(): void {
    this.clear();
    this.group.remove();
  }
}
