/**
 * Finds which BPMN element a piece of diagram text belongs to, so a problem the engine's summary reports
 * only by name (a `settings.<key>`, a called process) can still point at an element id. A tag scanner, not
 * an XML parser: config does not depend on bpmn-moddle, and locating needs no more than nesting and ids.
 */

const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<![A-Za-z][^>]*>|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;

/** Parts of an element that carry ids in some tools but mean nothing to the person reading a problem. */
const NOT_AN_ELEMENT =
  /(EventDefinition|Expression|LoopCharacteristics)$|^(completionCondition|loopCardinality|timeDate|timeDuration|timeCycle|extensionElements|documentation|definitions)$|^BPMN/;

interface Span {
  id: string;
  start: number;
  end: number;
}

function idOf(attributes: string): string | undefined {
  return /(?:^|\s)id\s*=\s*(?:"([^"]*)"|'([^']*)')/
    .exec(attributes)
    ?.slice(1)
    .find((v) => v !== undefined);
}

function elementSpans(xml: string): Span[] {
  const spans: Span[] = [];
  const open: { name: string; id?: string; start: number }[] = [];
  for (const token of xml.matchAll(TOKEN)) {
    const [text, closing, name, attributes, selfClosing] = token;
    if (name === undefined) continue;
    const start = token.index;
    const end = start + text.length;
    const local = name.slice(name.indexOf(':') + 1);
    const id = NOT_AN_ELEMENT.test(local) ? undefined : idOf(attributes ?? '');
    if (closing === '/') {
      const element = open.pop();
      if (element?.id !== undefined) spans.push({ id: element.id, start: element.start, end });
    } else if (selfClosing === '/') {
      if (id !== undefined) spans.push({ id, start, end });
    } else {
      open.push({ name, id, start });
    }
  }
  return spans;
}

/** Ids of the innermost elements whose text matches `pattern` (global flag added), once each, in order. */
export function elementsMatching(xml: string, pattern: RegExp): string[] {
  const flags = pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`;
  const positions = [...xml.matchAll(new RegExp(pattern.source, flags))].map((match) => match.index);
  if (positions.length === 0) return [];
  const spans = elementSpans(xml);
  const ids: string[] = [];
  for (const position of positions) {
    let owner: Span | undefined;
    for (const span of spans) {
      if (span.start <= position && position < span.end && (!owner || span.start >= owner.start))
        owner = span;
    }
    if (owner && !ids.includes(owner.id)) ids.push(owner.id);
  }
  return ids;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
