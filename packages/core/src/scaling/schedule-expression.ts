/**
 * Validation of Application Auto Scaling schedule expressions: `at(yyyy-mm-ddThh:mm:ss)`,
 * `rate(value unit)` and six-field `cron(minutes hours day-of-month month day-of-week year)`,
 * where exactly one of day-of-month and day-of-week is `?`.
 */

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface FieldRule {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Extra single tokens the field accepts (`?`, `L`, …). */
  readonly special?: RegExp;
}

const FIELDS: readonly FieldRule[] = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31, special: /^(\?|L|L-\d{1,2}|\d{1,2}W|LW)$/ },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 1, max: 7, names: DAYS, special: /^(\?|L|[1-7]L|[A-Z]{3}L|[1-7]#[1-5]|[A-Z]{3}#[1-5])$/ },
  { name: "year", min: 1970, max: 2199 },
];

function value(token: string, rule: FieldRule): number | undefined {
  if (/^\d+$/.test(token)) {
    const n = Number(token);
    return n >= rule.min && n <= rule.max ? n : undefined;
  }
  const index = rule.names?.indexOf(token.toUpperCase()) ?? -1;
  return index >= 0 ? index + rule.min : undefined;
}

function validField(text: string, rule: FieldRule): boolean {
  if (rule.special?.test(text.toUpperCase())) return true;
  return text.split(",").every((part) => {
    const [range, step, ...rest] = part.split("/");
    if (rest.length > 0 || range === undefined) return false;
    if (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0)) return false;
    if (range === "*") return true;
    const [from, to, ...more] = range.split("-");
    if (more.length > 0 || from === undefined) return false;
    const start = value(from, rule);
    if (start === undefined) return false;
    if (to === undefined) return true;
    const end = value(to, rule);
    return end !== undefined && end >= start;
  });
}

/** The problem with a schedule expression, or undefined when it is valid. */
export function scheduleExpressionProblem(expression: string): string | undefined {
  const at = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression);
  if (at)
    return Number.isNaN(Date.parse(`${at[1]}Z`))
      ? "at(...) takes a valid date and time, yyyy-mm-ddThh:mm:ss"
      : undefined;
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2] as string;
    if (n < 1) return "rate(...) takes a positive value";
    if (n === 1 && unit.endsWith("s")) return `rate(1 ${unit}) must be singular: rate(1 ${unit.slice(0, -1)})`;
    if (n > 1 && !unit.endsWith("s")) return `rate(${n} ${unit}) must be plural: rate(${n} ${unit}s)`;
    return undefined;
  }
  const cron = /^cron\((.+)\)$/.exec(expression);
  if (!cron)
    return "must be at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(minutes hours day-of-month month day-of-week year)";
  const fields = (cron[1] as string).trim().split(/\s+/);
  if (fields.length !== 6)
    return `cron(...) takes six fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`;
  for (const [i, rule] of FIELDS.entries()) {
    if (!validField(fields[i] as string, rule)) return `cron(...) ${rule.name} field "${fields[i]}" is not valid`;
  }
  const dom = fields[2] === "?";
  const dow = fields[4] === "?";
  if (dom === dow) return "cron(...) takes ? in exactly one of day-of-month and day-of-week";
  return undefined;
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone === "UTC" || zone.includes("/");
  } catch {
    return false;
  }
}
