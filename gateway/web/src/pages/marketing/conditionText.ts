/** Words the rule summary needs, in the reader's language. */
export interface ConditionWords {
  and: string;
  or: string;
  not: string;
  in: string;
  containsAny: string;
  exists: string;
  freeMail: string;
  notFreeMail: string;
}

interface Condition {
  field?: string;
  equals?: unknown;
  in?: unknown[];
  containsAny?: unknown[];
  exists?: boolean;
  freeMailDomain?: boolean;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
}

const MAX_LIST = 6;

function list(values: unknown[]): string {
  const shown = values.slice(0, MAX_LIST).map((v) => JSON.stringify(v));
  return values.length > MAX_LIST ? `${shown.join(", ")}, … (+${values.length - MAX_LIST})` : shown.join(", ");
}

/** A rule's `when` as one readable line: `source = "quote-request"`, `(interest.budget > 0 and interest.budget < 50000000)`. */
export function conditionText(value: unknown, words: ConditionWords, nested = false): string {
  if (!value || typeof value !== "object") return "";
  const c = value as Condition;
  const wrap = (text: string) => (nested ? `(${text})` : text);
  if (Array.isArray(c.all)) return wrap(c.all.map((x) => conditionText(x, words, true)).join(` ${words.and} `));
  if (Array.isArray(c.any)) return wrap(c.any.map((x) => conditionText(x, words, true)).join(` ${words.or} `));
  if (c.not) return `${words.not} (${conditionText(c.not, words)})`;
  const field = c.field ?? "?";
  if (c.equals !== undefined) return `${field} = ${JSON.stringify(c.equals)}`;
  if (Array.isArray(c.in)) return `${field} ${words.in} [${list(c.in)}]`;
  if (Array.isArray(c.containsAny)) return `${field} ${words.containsAny} [${list(c.containsAny)}]`;
  if (c.exists !== undefined) return c.exists ? `${field} ${words.exists}` : `${words.not} ${field} ${words.exists}`;
  if (c.freeMailDomain !== undefined) return `${field} ${c.freeMailDomain ? words.freeMail : words.notFreeMail}`;
  const bounds: string[] = [];
  if (c.gt !== undefined) bounds.push(`${field} > ${c.gt}`);
  if (c.gte !== undefined) bounds.push(`${field} ≥ ${c.gte}`);
  if (c.lt !== undefined) bounds.push(`${field} < ${c.lt}`);
  if (c.lte !== undefined) bounds.push(`${field} ≤ ${c.lte}`);
  if (bounds.length) return bounds.length > 1 ? wrap(bounds.join(` ${words.and} `)) : bounds[0]!;
  return JSON.stringify(value);
}
