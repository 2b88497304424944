import { SaxesParser } from 'saxes';

/** An element as a strict parser read it. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * Parses XML as Jenkins, GitLab and Python do: any well-formedness error (`--` inside a comment,
 * an unescaped `<`, a character XML 1.0 forbids) throws. fast-xml-parser's validator accepts some
 * of those, so it cannot vouch for a report.
 */
export function parseStrictXml(text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let error: Error | undefined;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.on('opentag', (tag) => {
    const el: XmlElement = { name: tag.name, attributes: Object.fromEntries(Object.entries(tag.attributes).map(([k, v]) => [k, String(v)])), children: [], text: '' };
    stack.at(-1)!.children.push(el);
    stack.push(el);
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (t) => {
    stack.at(-1)!.text += t;
  });
  parser.write(text).close();
  if (error) throw error;
  const top = root.children[0];
  if (!top) throw new Error('no root element');
  return top;
}

/** Every element named so, at any depth. */
export function elements(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => elements(c, name))];
}
