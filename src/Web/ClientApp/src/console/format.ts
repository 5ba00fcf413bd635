const formats = new Map<string, Intl.DateTimeFormat>();

/** A server time in the reader's language, to the minute (an operator compares times within a shift). */
export function formatTime(iso: string | null | undefined, locale: string): string {
  if (!iso) {
    return '';
  }
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) {
    return iso;
  }
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
    formats.set(locale, format);
  }
  return format.format(time);
}
