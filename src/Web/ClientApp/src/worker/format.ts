/** Date and time in the page's language: a worker needs the hour of a case, not only its day. */
export function dateTime(iso: string | number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}
