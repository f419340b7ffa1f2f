import { isTag, type Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { parseBody, serializeBody } from '../../src/clean/parse.js';
import { detachAll, elementsWhere, unwrapAll } from '../../src/clean/walk.js';

const spans = (html: string) => {
  const root = parseBody(html);
  return { root, spans: elementsWhere(root, (el) => el.name === 'span') };
};

describe('unwrapAll', () => {
  it('flattens nested elements listed innermost first, keeping text and other markup in order', () => {
    const { root, spans: found } = spans('<p><span>一<span>二<b>三</b></span>四</span>五</p><span></span>');
    unwrapAll([...found].reverse());
    expect(serializeBody(root)).toBe('<p>一二<b>三</b>四五</p>');
    // The unwrapped elements are out of the tree and hold nothing of it.
    for (const el of found) expect(el.parent).toBeNull();
  });

  it('does nothing with an empty list', () => {
    const { root } = spans('<p>文</p>');
    unwrapAll([]);
    expect(serializeBody(root)).toBe('<p>文</p>');
  });
});

describe('detachAll', () => {
  it('removes every listed node with what it holds, and leaves their siblings linked', () => {
    const root = parseBody('<p>一</p><div><i>二</i></div><p>三</p><hr>');
    const dropped = root.children.filter((n): n is Element => isTag(n) && (n.name === 'div' || n.name === 'hr'));
    detachAll(dropped);
    expect(serializeBody(root)).toBe('<p>一</p><p>三</p>');
    const [first, second] = root.children;
    expect(first?.next).toBe(second);
    expect(second?.prev).toBe(first);
  });
});
