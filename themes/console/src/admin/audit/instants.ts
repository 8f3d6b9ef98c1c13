/**
 * Instants as the console shows and takes them. The audit API speaks ISO-8601 instants; people
 * type either one of those or a local date and time (what a datetime-local field gives).
 */

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * The ISO-8601 instant (UTC) that `value` names: an instant with a zone as it is, a local date
 * and time (or a date, at midnight) in the browser's time zone. Empty for empty input,
 * undefined for anything else.
 */
export function toInstant(value: string): string | undefined {
  const text = value.trim();
  if (!text) {
    return "";
  }
  let date: Date | undefined;
  if (ZONED.test(text)) {
    date = new Date(text);
  } else if (LOCAL_DATE_TIME.test(text)) {
    // Without a zone, Date parses a date-time as local time.
    date = new Date(text.replace(" ", "T"));
  } else if (LOCAL_DATE.test(text)) {
    date = new Date(`${text}T00:00`);
  }
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

/**
 * An instant (ISO-8601, or epoch milliseconds) in the reader's language and time zone, to the
 * second.
 */
export function formatInstant(instant: string | number, language: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) {
    return String(instant);
  }
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "medium" })
      .format(date);
  } catch {
    return date.toLocaleString();
  }
}
